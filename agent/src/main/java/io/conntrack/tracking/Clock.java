package io.conntrack.tracking;

/** Where the tracker reads the time ({@code System.nanoTime()}); tests give their own, so none sleeps past a threshold. */
@FunctionalInterface
public interface Clock {

    Clock SYSTEM = System::nanoTime;

    long nanoTime();
}
