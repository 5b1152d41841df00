package io.conntrack.tracking;

/** Stack frames as ConnTrack shows them everywhere: {@code com.acme.Dao.load(Dao.java:42)}. */
public final class Frames {

    private Frames() {
    }

    /**
     * A frame as callsites are rendered. Not {@code StackTraceElement.toString()}, which prefixes the
     * class loader and module version for thread-dump frames ({@code app//}, {@code java.base@17.0.15/})
     * but not for stack-walker frames, so the same frame would read differently in holder and acquire stacks.
     */
    public static String render(StackTraceElement e) {
        String where = e.isNativeMethod() ? "Native Method" : e.getFileName() == null ? "Unknown Source"
                : e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    /** {@code Class.method(File:line)} from its parts; {@code Unknown Source} without a file. */
    public static String render(String className, String methodName, String fileName, int line) {
        String where = fileName == null ? "Unknown Source" : line >= 0 ? fileName + ":" + line : fileName;
        return className + "." + methodName + "(" + where + ")";
    }

    /**
     * Where {@code thread} is now in code that is neither the JDK's nor the agent's (the pool method or
     * log appender it is stuck in), as {@code ", at Class.method(File:line)"}; "" when there is none.
     */
    public static String whereStuck(Thread thread) {
        if (thread == null) {
            return "";
        }
        for (StackTraceElement f : thread.getStackTrace()) {
            String c = f.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("io.conntrack."))) {
                return ", at " + render(f);
            }
        }
        return "";
    }
}
