package io.conntrack.tracking;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * Every callsite seen, bounded by {@code maxCallsites}. A callsite is one line of one method (name and
 * descriptor, so overloads differ) of one class, which includes its class loader: the same code loaded
 * twice (two web apps, a redeploy) gives two callsites that render alike.
 *
 * <p>Two ways in. A stack walk finds a frame: each class that acquires connections gets a small
 * copy-on-write array of its sites (held by a {@link ClassValue}, so it goes away with the class and pins
 * no class loader), searched by method and bytecode index without a lock. A call site marked when its
 * class loaded ({@link #declare}) announces its mark id: the callsite is found by index, created on first
 * use. A walk that lands on a marked line finds the same callsite.
 */
final class CallsiteRegistry implements SiteTable {

    /** Marked call sites at most; later ones keep the stack walk. */
    static final int MAX_MARKS = 1 << 16;

    private final Queue<Callsite> all = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int max;
    final Callsite unknown = new Callsite("[unknown callsite: no application frame on the stack]", false);
    final Callsite overflow;
    final Callsite poolNested = new Callsite("[pool] connections opened inside a getConnection() call", true);

    private final AtomicReferenceArray<Mark> marks = new AtomicReferenceArray<>(MAX_MARKS);
    private final AtomicInteger markCount = new AtomicInteger();
    /** Marks by class name, read when a walk first sees a frame (slow path only). */
    private final Map<String, List<Mark>> marksByClass = new ConcurrentHashMap<>();

    private final ClassValue<ClassSites> byClass = new ClassValue<ClassSites>() {
        @Override
        protected ClassSites computeValue(Class<?> type) {
            return new ClassSites();
        }
    };

    CallsiteRegistry(int max) {
        this.max = max;
        this.overflow = new Callsite("[other callsites: more than maxCallsites=" + max + "]", false);
    }

    @Override
    public int declare(ClassLoader loader, String className, String methodName, String descriptor, String file, int line) {
        int id = markCount.getAndIncrement();
        if (id >= MAX_MARKS) {
            markCount.set(MAX_MARKS);
            return -1;
        }
        Mark m = new Mark(loader, className, methodName, descriptor, file, line);
        marks.set(id, m);
        marksByClass.computeIfAbsent(className, k -> new CopyOnWriteArrayList<>()).add(m);
        return id;
    }

    @Override
    public int declared() {
        return Math.min(markCount.get(), MAX_MARKS);
    }

    /** The callsite of a marked call site, created on its first acquisition; null for an unknown id. */
    Callsite marked(int id) {
        Mark m = id >= 0 && id < MAX_MARKS ? marks.get(id) : null;
        if (m == null) {
            return null;
        }
        Callsite c = m.callsite;
        return c != null ? c : resolve(m);
    }

    private Callsite resolve(Mark m) {
        Callsite c = newCallsite(m.className, m.methodName, m.file, m.line, false);
        if (c == overflow) {
            return c;
        }
        if (Mark.CALLSITE.compareAndSet(m, null, c)) {
            all.add(c);
            return c;
        }
        return m.callsite; // another thread created it first; this id stays unused
    }

    /** The callsite for a frame; {@code frame} supplies line and file name only on first sight. */
    Callsite lookup(Class<?> type, String methodName, String descriptor, int bci, boolean poolOwned,
                    StackWalker.StackFrame frame) {
        ClassSites sites = byClass.get(type);
        for (Site s : sites.sites) {
            if (s.bci == bci && s.poolOwned == poolOwned && s.methodName.equals(methodName) && s.descriptor.equals(descriptor)) {
                return s.callsite;
            }
        }
        return add(sites, type, methodName, descriptor, bci, poolOwned, frame);
    }

    private Callsite add(ClassSites sites, Class<?> type, String methodName, String descriptor, int bci, boolean poolOwned,
                         StackWalker.StackFrame frame) {
        StackTraceElement e = frame.toStackTraceElement();
        int line = e.getLineNumber();
        String file = e.getFileName();
        Mark marked = poolOwned ? null : markAt(type, methodName, descriptor, line);
        while (true) {
            Site[] current = sites.sites;
            Callsite found = null;
            for (Site s : current) {
                if (s.bci == bci && s.poolOwned == poolOwned && s.methodName.equals(methodName) && s.descriptor.equals(descriptor)) {
                    return s.callsite;
                }
                if (s.poolOwned == poolOwned && s.methodName.equals(methodName) && s.descriptor.equals(descriptor)
                        && line >= 0 && s.callsite.line == line) {
                    found = s.callsite; // another bytecode index on the same line: one callsite
                }
            }
            boolean fresh = found == null && marked == null;
            Callsite c = found != null ? found
                    : marked != null ? (marked.callsite != null ? marked.callsite : resolve(marked))
                    : newCallsite(type.getName(), methodName, file, line, poolOwned);
            Site[] next = new Site[current.length + 1];
            System.arraycopy(current, 0, next, 0, current.length);
            next[current.length] = new Site(methodName, descriptor, bci, poolOwned, c);
            if (ClassSites.SITES.compareAndSet(sites, current, next)) {
                if (fresh && c != overflow) {
                    all.add(c);
                        }
                return c;
            }
        }
    }

    /** The mark declared for this line of this class (same loader), if its class was marked at load. */
    private Mark markAt(Class<?> type, String methodName, String descriptor, int line) {
        List<Mark> candidates = marksByClass.get(type.getName());
        if (candidates == null || line < 0) {
            return null;
        }
        ClassLoader loader = type.getClassLoader();
        for (Mark m : candidates) {
            if (m.line == line && m.methodName.equals(methodName) && m.descriptor.equals(descriptor) && m.loader.get() == loader) {
                return m;
            }
        }
        return null;
    }

    private Callsite newCallsite(String className, String methodName, String file, int line, boolean poolOwned) {
        int n = count.incrementAndGet();
        if (n > max) {
            count.decrementAndGet();
            return overflow;
        }
        return new Callsite(className, methodName, file, line, poolOwned);
    }

    /** Every callsite that counted something (one resolved but never used stays out of sight). */
    List<Callsite> all() {
        List<Callsite> out = new ArrayList<>();
        for (Callsite c : all) {
            if (c.used()) {
                out.add(c);
            }
        }
        for (Callsite c : new Callsite[] {unknown, overflow, poolNested}) {
            if (c.used()) {
                out.add(c);
            }
        }
        return out;
    }

    static final class ClassSites {
        static final AtomicReferenceFieldUpdater<ClassSites, Site[]> SITES =
                AtomicReferenceFieldUpdater.newUpdater(ClassSites.class, Site[].class, "sites");
        volatile Site[] sites = new Site[0];
    }

    static final class Site {
        final String methodName;
        final String descriptor;
        final int bci;
        final boolean poolOwned;
        final Callsite callsite;

        Site(String methodName, String descriptor, int bci, boolean poolOwned, Callsite callsite) {
            this.methodName = methodName;
            this.descriptor = descriptor;
            this.bci = bci;
            this.poolOwned = poolOwned;
            this.callsite = callsite;
        }
    }

    /** A call site marked when its class loaded. Holds its loader weakly: an undeployed app's loader can go. */
    static final class Mark {
        static final AtomicReferenceFieldUpdater<Mark, Callsite> CALLSITE =
                AtomicReferenceFieldUpdater.newUpdater(Mark.class, Callsite.class, "callsite");
        final WeakReference<ClassLoader> loader;
        final String className;
        final String methodName;
        final String descriptor;
        final String file;
        final int line;
        volatile Callsite callsite;

        Mark(ClassLoader loader, String className, String methodName, String descriptor, String file, int line) {
            this.loader = new WeakReference<>(loader);
            this.className = className;
            this.methodName = methodName;
            this.descriptor = descriptor;
            this.file = file;
            this.line = line;
        }
    }
}
