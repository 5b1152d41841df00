package io.conntrack.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * Every callsite seen, bounded by {@code maxCallsites}. A known callsite is found without a lock:
 * each class that acquires connections gets a small copy-on-write array of its sites (held by a
 * {@link ClassValue}, so it goes away with the class and pins no class loader), searched by method
 * name and bytecode index.
 */
final class CallsiteRegistry {

    private final Queue<Callsite> all = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int max;
    volatile CallsiteMarker marker;
    private final AtomicReferenceArray<Callsite> byId;
    final Callsite unknown = new Callsite("[unknown callsite: no application frame on the stack]", false);
    final Callsite overflow;
    final Callsite poolNested = new Callsite("[pool] connections opened inside a getConnection() call", true);

    private final ClassValue<ClassSites> byClass = new ClassValue<ClassSites>() {
        @Override
        protected ClassSites computeValue(Class<?> type) {
            return new ClassSites();
        }
    };

    CallsiteRegistry(int max) {
        this.max = max;
        this.byId = new AtomicReferenceArray<>(max + 1);
        this.overflow = new Callsite("[other callsites: more than maxCallsites=" + max + "]", false);
    }

    /** The callsite for a frame; {@code frame} supplies line and file name only on first sight. */
    Callsite lookup(Class<?> type, String methodName, int bci, boolean poolOwned, StackWalker.StackFrame frame) {
        ClassSites sites = byClass.get(type);
        Site[] current = sites.sites;
        for (Site s : current) {
            if (s.bci == bci && s.poolOwned == poolOwned && s.methodName.equals(methodName)) {
                return s.callsite;
            }
        }
        return add(sites, type, methodName, bci, poolOwned, frame);
    }

    private Callsite add(ClassSites sites, Class<?> type, String methodName, int bci, boolean poolOwned,
                         StackWalker.StackFrame frame) {
        StackTraceElement e = frame.toStackTraceElement();
        int line = e.getLineNumber();
        String file = e.getFileName();
        CallsiteMarker m = marker;
        if (line < 0 && m != null) { // a frame of a method that was rewritten while it ran
            line = m.originalLine(type, methodName, frame.getDescriptor(), bci);
            file = file != null ? file : m.sourceFile(type);
        }
        while (true) {
            Site[] current = sites.sites;
            Callsite found = null;
            for (Site s : current) {
                if (s.bci == bci && s.poolOwned == poolOwned && s.methodName.equals(methodName)) {
                    return s.callsite;
                }
                if (s.poolOwned == poolOwned && s.methodName.equals(methodName) && s.callsite.line == line) {
                    found = s.callsite; // another bytecode index on the same line: one callsite
                }
            }
            Callsite c = found != null ? found : newCallsite(type.getName(), methodName, file, line, poolOwned);
            Site[] next = new Site[current.length + 1];
            System.arraycopy(current, 0, next, 0, current.length);
            next[current.length] = new Site(methodName, bci, poolOwned, c);
            if (ClassSites.SITES.compareAndSet(sites, current, next)) {
                if (found == null && c != overflow) {
                    all.add(c);
                }
                return c;
            }
            if (found == null && c != overflow) {
                byId.compareAndSet(c.id, c, null); // lost the race: the id stays unused
            }
        }
    }

    private Callsite newCallsite(String className, String methodName, String file, int line, boolean poolOwned) {
        int n = count.incrementAndGet();
        if (n > max) {
            count.decrementAndGet();
            return overflow;
        }
        Callsite c = new Callsite(n, className, methodName, file, line, poolOwned);
        byId.compareAndSet(n, null, c); // a lost race leaves the slot to the winner's retry
        return c;
    }

    /** The callsite with this id, or null. */
    Callsite byId(int id) {
        return id > 0 && id < byId.length() ? byId.get(id) : null;
    }

    List<Callsite> all() {
        List<Callsite> out = new ArrayList<>(all);
        for (Callsite c : new Callsite[] {unknown, overflow, poolNested}) {
            if (c.snapshot().acquired > 0 || c.snapshot().failed > 0) {
                out.add(c);
            }
        }
        return out;
    }

    int size() {
        return count.get();
    }

    static final class ClassSites {
        static final AtomicReferenceFieldUpdater<ClassSites, Site[]> SITES =
                AtomicReferenceFieldUpdater.newUpdater(ClassSites.class, Site[].class, "sites");
        volatile Site[] sites = new Site[0];
    }

    static final class Site {
        final String methodName;
        final int bci;
        final boolean poolOwned;
        final Callsite callsite;

        Site(String methodName, int bci, boolean poolOwned, Callsite callsite) {
            this.methodName = methodName;
            this.bci = bci;
            this.poolOwned = poolOwned;
            this.callsite = callsite;
        }
    }
}
