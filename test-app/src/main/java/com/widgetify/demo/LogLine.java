package com.widgetify.demo;

/** A line the service printed, with the moment the demo read it. */
public final class LogLine {

    public final long atMillis;
    public final String text;

    public LogLine(long atMillis, String text) {
        this.atMillis = atMillis;
        this.text = text;
    }

    /** A dump announcement of the agent: {@code [conntrack] WARN ConnTrack <trigger>: ...}. */
    public boolean isConnTrackWarning() {
        return text.startsWith("[conntrack] WARN ConnTrack ");
    }

    /** The trigger of a warning ({@code holdThreshold}, {@code leak}, ...), or null. */
    public String trigger() {
        if (!isConnTrackWarning()) {
            return null;
        }
        String rest = text.substring("[conntrack] WARN ConnTrack ".length());
        int colon = rest.indexOf(':');
        return colon < 0 ? null : rest.substring(0, colon);
    }

    /** The frame after {@code top callsite } in a warning, or null. */
    public String topCallsite() {
        int i = text.indexOf("; top callsite ");
        if (i < 0) {
            return null;
        }
        String rest = text.substring(i + "; top callsite ".length());
        int end = rest.indexOf(" (open ");
        return end < 0 ? rest : rest.substring(0, end);
    }
}
