package io.conntrack.reclaim;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Handles of abandoned connections ConnTrack reclaimed (or is reclaiming), held weakly. A handle is
 * added before its record is ended, so a {@code close()} the application begins after that (the
 * tracker's close hook runs at close()'s entry and finds no open record) reaches {@link #closing} first,
 * which makes the close a no-op for the pool ({@link PoolReclaimer#disarm}): it can never return to the
 * pool a connection ConnTrack gives back, nor return one twice. The application thread only reads the
 * array (copy-on-write); adding and pruning happen off the hot path.
 */
final class StaleHandles {

    /** Handles tracked at most; an abandoned connection is not reclaimed while this many are. */
    static final int MAX = 4096;
    private static final Entry[] NONE = new Entry[0];

    static final class Entry {
        final WeakReference<Object> handle;
        final Object kept;
        final PoolReclaimer reclaimer;
        final Connection stale;

        Entry(Object handle, Object kept, PoolReclaimer reclaimer, Connection stale) {
            this.handle = new WeakReference<>(handle);
            this.kept = kept;
            this.reclaimer = reclaimer;
            this.stale = stale;
        }
    }

    private volatile Entry[] entries = NONE;

    /** Close hook, application thread: disarm {@code connection} if ConnTrack reclaimed it. Never throws. */
    void closing(Object connection) {
        Entry[] a = entries;
        if (a.length == 0) {
            return;
        }
        for (Entry e : a) {
            if (e.handle.get() == connection) {
                try {
                    e.reclaimer.disarm(connection, e.kept, e.stale);
                } catch (Throwable t) {
                    // the pool's own close goes on; the reclaim already made sure the entry is not reused
                }
                return;
            }
        }
    }

    /** Adds a handle about to be reclaimed; false when {@link #MAX} are tracked. */
    synchronized boolean add(Entry e) {
        Entry[] a = entries;
        if (a.length >= MAX) {
            prune();
            a = entries;
            if (a.length >= MAX) {
                return false;
            }
        }
        Entry[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = e;
        entries = b;
        return true;
    }

    /** Forgets {@code e} (its reclaim did not happen: the application closed the connection first). */
    synchronized void remove(Entry e) {
        List<Entry> keep = new ArrayList<>();
        for (Entry x : entries) {
            if (x != e) {
                keep.add(x);
            }
        }
        entries = keep.toArray(NONE);
    }

    /** Forgets handles the GC collected (nobody can close those). */
    synchronized void prune() {
        List<Entry> keep = new ArrayList<>();
        for (Entry x : entries) {
            if (x.handle.get() != null) {
                keep.add(x);
            }
        }
        if (keep.size() != entries.length) {
            entries = keep.toArray(NONE);
        }
    }

    int size() {
        return entries.length;
    }
}
