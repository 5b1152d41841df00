package io.conntrack.bench;

/** One measured number: a benchmark in one variant, with its JMH error (99.9% CI half-width) and allocation. */
final class Row {
    final String section;
    final String case_;
    final int threads;
    final String variant;
    final double score;
    final double error;
    final String unit;
    final double allocNorm;
    final double allocError;

    Row(String section, String case_, int threads, String variant, double score, double error, String unit,
        double allocNorm, double allocError) {
        this.section = section;
        this.case_ = case_;
        this.threads = threads;
        this.variant = variant;
        this.score = score;
        this.error = error;
        this.unit = unit;
        this.allocNorm = allocNorm;
        this.allocError = allocError;
    }

    String key() {
        return section + "|" + case_ + "|" + threads;
    }
}
