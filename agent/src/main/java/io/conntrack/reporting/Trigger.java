package io.conntrack.reporting;

/** Why a dump was taken, with its numbers. */
public final class Trigger {

    public enum Type {
        LIMIT("limit"), TOTAL_LIMIT("totalLimit"), HOLD("holdThreshold"), LEAK("leak"), FORECAST("forecast"), RECLAIM("reclaim"),
        ON_DEMAND("onDemand"), EXIT("exit");

        public final String id;

        Type(String id) {
            this.id = id;
        }

        static Type byId(String id) {
            for (Type t : values()) {
                if (t.id.equals(id)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(id);
        }
    }

    public final Type type;
    public final String message;
    /** The callsite the trigger names, or null. */
    public final String callsite;
    public final long value;
    public final long threshold;

    public Trigger(Type type, String message, String callsite, long value, long threshold) {
        this.type = type;
        this.message = message;
        this.callsite = callsite;
        this.value = value;
        this.threshold = threshold;
    }

    /** The same trigger with more said ({@code " (now ...)"}: what its dump found). */
    Trigger withMessage(String newMessage) {
        return new Trigger(type, newMessage, callsite, value, threshold);
    }

    /** On-demand and exit dumps are always written; the others are rate-limited. */
    boolean rateLimited() {
        return type != Type.ON_DEMAND && type != Type.EXIT;
    }
}
