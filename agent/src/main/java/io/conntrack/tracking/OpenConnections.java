package io.conntrack.tracking;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The records of open connections, found by the connection's identity. A fixed array of buckets,
 * each a lock-free singly linked list: acquisitions push at the head with a CAS; a close marks its
 * record ended and pops it if it is still the head (the common acquire-then-close pattern); ended
 * records deeper in a list are unlinked by {@link #sweep()}, which only the monitor thread runs.
 * Only the sweeper changes {@code next} of a published record, so no live record is ever lost.
 */
final class OpenConnections {

    private static final int BUCKETS = 1 << 13;
    private final AtomicReferenceArray<ConnectionRecord> heads = new AtomicReferenceArray<>(BUCKETS);

    static int bucket(int hash) {
        return (hash ^ (hash >>> 16)) & (BUCKETS - 1);
    }

    void add(ConnectionRecord r) {
        int i = bucket(r.hash);
        ConnectionRecord head;
        do {
            head = heads.get(i);
            r.next = head;
        } while (!heads.compareAndSet(i, head, r));
    }

    ConnectionRecord findOpen(Object connection, int hash) {
        for (ConnectionRecord r = heads.get(bucket(hash)); r != null; r = r.next) {
            if (r.hash == hash && r.get() == connection && r.isOpen()) {
                return r;
            }
        }
        return null;
    }

    /** Unlinks an ended record if it heads its bucket; otherwise the sweeper will. */
    void popIfHead(ConnectionRecord r) {
        heads.compareAndSet(bucket(r.hash), r, r.next);
    }

    /** Unlinks every ended record. Monitor thread only. Returns the number of open records seen. */
    int sweep() {
        int open = 0;
        for (int i = 0; i < BUCKETS; i++) {
            ConnectionRecord head;
            while ((head = heads.get(i)) != null && !head.isOpen()) {
                heads.compareAndSet(i, head, head.next);
            }
            if (head == null) {
                continue;
            }
            ConnectionRecord prev = head;
            open++;
            for (ConnectionRecord r = head.next; r != null; r = r.next) {
                if (r.isOpen()) {
                    prev = r;
                    open++;
                } else {
                    prev.next = r.next;
                }
            }
        }
        return open;
    }

    void forEachOpen(Consumer<ConnectionRecord> action) {
        for (int i = 0; i < BUCKETS; i++) {
            for (ConnectionRecord r = heads.get(i); r != null; r = r.next) {
                if (r.isOpen()) {
                    action.accept(r);
                }
            }
        }
    }

    /** Every linked record, open or ended but not yet unlinked by {@link #sweep()}. */
    void forEachLinked(Consumer<ConnectionRecord> action) {
        for (int i = 0; i < BUCKETS; i++) {
            for (ConnectionRecord r = heads.get(i); r != null; r = r.next) {
                action.accept(r);
            }
        }
    }
}
