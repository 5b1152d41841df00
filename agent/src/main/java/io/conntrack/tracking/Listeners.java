package io.conntrack.tracking;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reporters told about something (the tracker's listeners, the monitor's dump listeners):
 * copy-on-write, so telling them reads one field; adding and removing are CAS loops, so one added
 * while another fails is never lost. A listener that throws is switched off alone; a
 * {@link VirtualMachineError} (out of stack or memory for a moment) costs it that one call only.
 */
public final class Listeners<L> {

    /** What happened to a listener that threw. */
    public interface Failure<L> {
        /** @param switchedOff false for a {@link VirtualMachineError}: the listener missed this one call */
        void failed(L listener, Throwable t, boolean switchedOff);
    }

    private final AtomicReference<Object[]> all = new AtomicReference<>(new Object[0]);
    private final Failure<L> onFailure;

    public Listeners(Failure<L> onFailure) {
        this.onFailure = onFailure;
    }

    public void add(L added) {
        Object[] current;
        Object[] next;
        do {
            current = all.get();
            next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = added;
        } while (!all.compareAndSet(current, next));
    }

    /** Removes {@code removed}; false when it was not there (any more). */
    public boolean remove(L removed) {
        Object[] current;
        Object[] next;
        do {
            current = all.get();
            int i = 0;
            while (i < current.length && current[i] != removed) {
                i++;
            }
            if (i == current.length) {
                return false;
            }
            next = new Object[current.length - 1];
            System.arraycopy(current, 0, next, 0, i);
            System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        } while (!all.compareAndSet(current, next));
        return true;
    }

    /**
     * One kind of news, told to each listener with its two facts: a constant, so telling allocates no
     * lambda and links nothing on the thread that tells (an application thread, maybe a virtual one).
     */
    @FunctionalInterface
    public interface Event<L, A, B> {
        void tell(L listener, A a, B b);
    }

    /** Tells every listener; one that throws is removed and reported, the others are told anyway. */
    @SuppressWarnings("unchecked")
    public <A, B> void tell(Event<L, A, B> event, A a, B b) {
        for (Object o : all.get()) {
            L l = (L) o;
            try {
                event.tell(l, a, b);
            } catch (VirtualMachineError e) {
                onFailure.failed(l, e, false);
            } catch (Throwable t) {
                if (remove(l)) {
                    onFailure.failed(l, t, true);
                }
            }
        }
    }

    public int size() {
        return all.get().length;
    }
}
