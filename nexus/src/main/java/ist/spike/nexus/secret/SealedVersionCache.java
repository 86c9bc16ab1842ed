package ist.spike.nexus.secret;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current version of recently read secrets, as the database holds it: sealed data, opened on
 * each get like a row just read. A get served from here skips the SQLite read (measured ~10 µs of
 * ~75 µs of server CPU per get on the wire, and the selector thread that answers it never waits
 * for a disk read of a hot secret).
 *
 * <p>Never stale: every change of a path forgets it once the change has committed, and a read that
 * raced a change is not kept. A reader takes the {@link #epoch()} before its database read and
 * {@link #offer}s what it read with it; {@link #forget} moves the epoch before it removes the path,
 * so an offer either lands before the removal (and is removed) or sees the epoch moved (and is
 * dropped).
 *
 * <p>Bounded by the bytes it holds (sealed data, path, a fixed overhead per entry); a version bigger
 * than an eighth of the budget is not kept. When full, an insert drops entries in the map's (hash)
 * order, close to a random eviction, until it fits.
 */
final class SealedVersionCache {
    /** Object headers, the map node, the version record and its data's captured fields. */
    private static final int ENTRY_OVERHEAD = 200;

    private record Entry(SecretVersion version, int bytes) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final long budget;

    SealedVersionCache(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /** The cached live version {@code version} (0 = current) of {@code path}, or null. */
    SecretVersion get(String path, int version) {
        Entry e = entries.get(path);
        if (e == null || (version != 0 && e.version().version() != version)) {
            return null;
        }
        return e.version();
    }

    /** Taken before a database read whose result may be {@link #offer}ed. */
    long epoch() {
        return epoch.get();
    }

    /**
     * Keeps {@code current}, the current live version of {@code path} as a read that started at
     * {@code seenEpoch} found it, unless a change was made since; {@code sealedBytes} is the size of
     * its sealed data.
     */
    void offer(String path, SecretVersion current, int sealedBytes, long seenEpoch) {
        int bytes = ENTRY_OVERHEAD + 2 * path.length() + sealedBytes;
        if (bytes > budget / 8) {
            return;
        }
        Entry fresh = new Entry(current, bytes);
        boolean[] added = new boolean[1];
        entries.compute(path, (p, old) -> {
            if (epoch.get() != seenEpoch) {
                return old;
            }
            held.addAndGet(bytes - (old == null ? 0 : old.bytes()));
            added[0] = true;
            return fresh;
        });
        if (added[0] && held.get() > budget) {
            shrink(path);
        }
    }

    /** Forgets {@code path}: called once a change of it has committed (or failed). */
    void forget(String path) {
        epoch.incrementAndGet();
        Entry gone = entries.remove(path);
        if (gone != null) {
            held.addAndGet(-gone.bytes());
        }
    }

    /** Bytes held (tests). */
    long held() {
        return held.get();
    }

    /** Entries held (tests). */
    int size() {
        return entries.size();
    }

    private void shrink(String keep) {
        Iterator<String> paths = entries.keySet().iterator();
        while (held.get() > budget && paths.hasNext()) {
            String path = paths.next();
            if (!path.equals(keep)) {
                // Not forget(): an eviction invalidates nothing, so concurrent readers may still offer.
                Entry gone = entries.remove(path);
                if (gone != null) {
                    held.addAndGet(-gone.bytes());
                }
            }
        }
    }
}
