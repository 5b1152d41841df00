package io.conntrack.pools;

import java.util.List;
import java.util.Map;

/**
 * What {@code io.conntrack.reclaim} tells about a pool, for its state, forecast and advice: connections
 * held now with their acquiring method finished (with or without {@code reclaim}), and what ConnTrack
 * gave back. Monitor, dump and reporter threads read it; it never calls into a pool.
 */
public interface ReclaimView {

    ReclaimView NONE = new ReclaimView() {
    };

    /** The mode in force: off, lost or abandoned. */
    default String mode() {
        return "off";
    }

    /** Connections of pool {@code pool} held now whose acquiring method has finished, by callsite, most first. */
    default List<Abandoned> abandoned(int pool) {
        return List.of();
    }

    /** What ConnTrack gave back to pool {@code pool}, or null when it gave nothing and has nothing to say. */
    default Reclaims reclaims(int pool, long nowNanos) {
        return null;
    }

    /** Abandoned connections of one callsite (the test that {@code reclaim=abandoned} uses). */
    final class Abandoned {
        public final String callsite;
        public final int held;
        public final double oldestSeconds;

        public Abandoned(String callsite, int held, double oldestSeconds) {
            this.callsite = callsite;
            this.held = held;
            this.oldestSeconds = oldestSeconds;
        }
    }

    /** Reclaims of one pool. */
    final class Reclaims {
        /** Given back: lost ones, abandoned ones. */
        public long lost;
        public long abandoned;
        /** Lost ones given back within the loss window (they count out of the loss rate). */
        public long lostRecently;
        /** Callsite to reclaimed connections acquired there, most first. */
        public List<Map.Entry<String, Long>> bySite = List.of();
        /** Why ConnTrack does not (or no longer) reclaim from this pool, or null. */
        public String off;

        public long total() {
            return lost + abandoned;
        }
    }
}
