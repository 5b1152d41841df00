package com.widgetify.demo;

import java.util.List;

/** One of a callsite's oldest open connections in a dump, with what its holder thread was doing. */
public final class OpenConnectionRow {

    public final long ageMillis;
    public final String thread;
    public final String holderState;
    /** The holder thread's stack at dump time, top first; empty when the thread had ended. */
    public final List<String> holderStack;

    public OpenConnectionRow(long ageMillis, String thread, String holderState, List<String> holderStack) {
        this.ageMillis = ageMillis;
        this.thread = thread;
        this.holderState = holderState;
        this.holderStack = holderStack;
    }

    /** True when some frame of the holder's stack is in the given class. */
    public boolean holderIsInClass(String className) {
        for (String f : holderStack) {
            if (className != null && className.equals(Frames.className(f))) {
                return true;
            }
        }
        return false;
    }

    /** True when every frame of the holder's stack in the given class has its source line. */
    public boolean holderHasLinesIn(String className) {
        for (String f : holderStack) {
            if (className != null && className.equals(Frames.className(f)) && f.endsWith("(Unknown Source)")) {
                return false;
            }
        }
        return true;
    }

    /** True when some frame of the holder's stack is in the given method, as {@code Class.method} or its tail. */
    public boolean holderIsIn(String classAndMethod) {
        for (String f : holderStack) {
            if (Frames.method(f).endsWith(classAndMethod)) {
                return true;
            }
        }
        return false;
    }
}
