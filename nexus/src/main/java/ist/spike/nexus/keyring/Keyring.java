package ist.spike.nexus.keyring;

import ist.spike.core.crypto.Aead;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.RowBinding;
import ist.spike.nexus.storage.RowKeys;
import ist.spike.nexus.storage.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data keys rows are sealed with (DESIGN §3a), by term, each sealed by the root key in the
 * {@code keyring} table. Term 1 of a database from before the keyring is the root key itself (its
 * {@code sealed_key} is NULL), so upgrading re-encrypts nothing; a new database gets a random data key
 * for term 1 the first time the keyring opens. Unlocked on first use once the root key is in memory;
 * {@code state_not_ready} before. Security: data keys live in memory only inside {@link AesGcm}.
 */
public final class Keyring implements RowKeys {
    private static final Logger LOG = LoggerFactory.getLogger(Keyring.class);

    private final SqliteDatabase db;
    private final RootKey rootKey;
    private volatile Snapshot snapshot;
    /** Held while something is sealed under the root key, and while a rekey replaces it. */
    private final Object sealingUnderRootKey = new Object();

    /**
     * @param rewrapTo rows of a lower term are being re-sealed under the current term; null when not
     */
    public record State(int current, Integer rewrapTo) {
    }

    /** @param formerRootKeys root keys replaced by rekeys, newest first (cipher outputs made under them) */
    private record Snapshot(Map<Integer, Aead> keys, State state, List<AesGcm> formerRootKeys) {
    }

    public Keyring(SqliteDatabase db, RootKey rootKey) {
        this.db = db;
        this.rootKey = rootKey;
    }

    @Override
    public Term current() {
        Snapshot s = unlocked();
        return new Term(s.state().current(), s.keys().get(s.state().current()));
    }

    @Override
    public Aead of(int term) {
        Aead key = unlocked().keys().get(term);
        if (key == null) {
            throw new SpikeException(ErrorCode.INTERNAL, "a row sealed under key term " + term
                    + ", which the keyring does not have or could not open (see the log)");
        }
        return key;
    }

    /**
     * Root keys that rekeys replaced, newest first: what the cipher API sealed under them still opens
     * with them. {@code state_not_ready} without the root key.
     */
    public List<AesGcm> formerRootKeys() {
        return unlocked().formerRootKeys();
    }

    /** The current term and any rewrap in progress; {@code state_not_ready} without the root key. */
    public State state() {
        return unlocked().state();
    }

    /**
     * Starts a new term with a fresh random data key: new rows are sealed under it. With
     * {@code rewrap}, rows of older terms are re-sealed under it in the background ({@link Rewrap}).
     *
     * @return the new term
     */
    public int rotate(boolean rewrap) {
        synchronized (sealingUnderRootKey) {
            Snapshot s = unlocked();
            int term = s.keys().keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            SecretBytes dataKey = SecretBytes.random(32);
            try {
                return start(s, term, dataKey, rewrap);
            } finally {
                dataKey.destroy();
            }
        }
    }

    private int start(Snapshot s, int term, SecretBytes dataKey, boolean rewrap) {
        byte[] raw = dataKey.revealCopy();
        byte[] sealed;
        try {
            sealed = rootKey.aead().seal(raw, binding(term));
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
        Integer rewrapTo = rewrap ? Integer.valueOf(term) : s.state().rewrapTo();
        db.write(session -> {
            if (KeyringReseal.inProgress(session)) {
                throw new SpikeException(ErrorCode.CONFLICT, "a rekey is in progress: rotate once it is done");
            }
            PreparedStatement insert = session.statement(
                    "INSERT INTO keyring (term, sealed_key, created_time) VALUES (?, ?, ?)");
            insert.setInt(1, term);
            insert.setBytes(2, sealed);
            insert.setString(3, Instant.now().toString());
            insert.executeUpdate();
            PreparedStatement state = session.statement(
                    "UPDATE keyring_state SET current_term = ?, rewrap_to = ? WHERE id = 1");
            state.setInt(1, term);
            if (rewrapTo == null) {
                state.setNull(2, java.sql.Types.INTEGER);
            } else {
                state.setInt(2, rewrapTo);
            }
            return state.executeUpdate();
        });
        Map<Integer, Aead> keys = new HashMap<>(s.keys());
        keys.put(term, new AesGcm(dataKey));
        snapshot = new Snapshot(Map.copyOf(keys), new State(term, rewrapTo), s.formerRootKeys());
        LOG.info("key term {} started{}", term, rewrap ? "; older rows are re-sealed under it in the background" : "");
        return term;
    }

    /** Records that every row below {@code target} has been re-sealed. */
    synchronized void rewrapDone(int target) {
        db.write(session -> {
            PreparedStatement done = session.statement("UPDATE keyring_state SET rewrap_to = NULL WHERE rewrap_to = ?");
            done.setInt(1, target);
            return done.executeUpdate();
        });
        Snapshot s = unlocked();
        if (s.state().rewrapTo() != null && s.state().rewrapTo() == target) {
            snapshot = new Snapshot(s.keys(), new State(s.state().current(), null), s.formerRootKeys());
        }
        LOG.info("every row below key term {} is re-sealed", target);
    }

    private Snapshot unlocked() {
        Snapshot s = snapshot;
        return s != null ? s : unlock();
    }

    private synchronized Snapshot unlock() {
        if (snapshot != null) {
            return snapshot;
        }
        Aead root = rootKey.aead();
        if (termOneIsTheRootKey() && storeIsEmpty()) {
            sealTermOneRandomly(root);
        }
        Map<Integer, Aead> keys = new HashMap<>();
        List<AesGcm> former = new ArrayList<>();
        State state = db.read(session -> {
            State read;
            try (ResultSet rs = session.statement("SELECT current_term, rewrap_to FROM keyring_state WHERE id = 1")
                    .executeQuery()) {
                rs.next();
                int current = rs.getInt(1);
                int rewrap = rs.getInt(2);
                read = new State(current, rs.wasNull() ? null : rewrap);
            }
            // A key that fails its check (a tampered row) costs only what it seals: the rest unlocks.
            try (ResultSet rs = session.statement("SELECT key_check, sealed_key FROM former_root_keys"
                    + " WHERE sealed_key IS NOT NULL ORDER BY retired_time DESC").executeQuery()) {
                while (rs.next()) {
                    try {
                        former.add(open(root, KeyringReseal.formerBinding(rs.getBytes(1)), rs.getBytes(2),
                                "a former root key"));
                    } catch (SpikeException e) {
                        LOG.error("{}; left out: what the cipher API sealed under it no longer decrypts", e.getMessage());
                    }
                }
            }
            try (ResultSet rs = session.statement("SELECT term, sealed_key FROM keyring").executeQuery()) {
                while (rs.next()) {
                    int term = rs.getInt(1);
                    byte[] sealed = rs.getBytes(2);
                    try {
                        keys.put(term, sealed == null ? root : open(root, binding(term), sealed, "the data key of term " + term));
                    } catch (SpikeException e) {
                        if (term == read.current()) {
                            throw e; // nothing could be written
                        }
                        LOG.error("{}; left out: rows of that term no longer open", e.getMessage());
                    }
                }
            }
            return read;
        });
        snapshot = new Snapshot(Map.copyOf(keys), state, List.copyOf(former));
        if (keys.get(state.current()) == root) {
            // A database from before the keyring: its rows stay term 1 (the root key), but from now on
            // the root key seals no row directly: new rows go to a term of their own.
            LOG.info("database from before the keyring: its rows stay under term 1, new rows get term 2");
            rotate(false);
        }
        return snapshot;
    }

    /** Opens a key sealed under the root key; {@code what} names it in the error. */
    static AesGcm open(Aead root, byte[] binding, byte[] sealed, String what) {
        byte[] raw;
        try {
            raw = root.open(sealed, binding);
        } catch (SpikeException e) {
            throw new SpikeException(ErrorCode.INTERNAL, what
                    + " failed its integrity check (tampered with, or sealed under another root key)");
        }
        SecretBytes key = SecretBytes.takeOwnership(raw);
        try {
            return new AesGcm(key);
        } finally {
            key.destroy();
        }
    }

    private boolean termOneIsTheRootKey() {
        return db.read(s -> {
            try (ResultSet rs = s.statement("SELECT 1 FROM keyring WHERE term = 1 AND sealed_key IS NULL").executeQuery()) {
                return rs.next();
            }
        });
    }

    private boolean storeIsEmpty() {
        return db.read(s -> {
            try (ResultSet rs = s.statement("SELECT (SELECT COUNT(*) FROM secret_versions) + (SELECT COUNT(*) FROM policies)")
                    .executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    /** A new database: term 1 gets a data key of its own, so the root key never seals a row. */
    private void sealTermOneRandomly(Aead root) {
        SecretBytes dataKey = SecretBytes.random(32);
        byte[] raw = dataKey.revealCopy();
        try {
            byte[] sealed = root.seal(raw, binding(1));
            db.write(s -> {
                PreparedStatement update = s.statement(
                        "UPDATE keyring SET sealed_key = ? WHERE term = 1 AND sealed_key IS NULL");
                update.setBytes(1, sealed);
                return update.executeUpdate();
            });
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
            dataKey.destroy();
        }
    }

    /**
     * Runs {@code replaceRootKey} while no new data key is sealed under the root key, then forgets
     * what was unsealed: the next use unseals again under the root key then in memory.
     */
    void whileNothingIsSealed(Runnable replaceRootKey) {
        synchronized (sealingUnderRootKey) {
            replaceRootKey.run();
            snapshot = null;
        }
    }

    static byte[] binding(int term) {
        return RowBinding.of("keyring", Integer.toString(term), "data-key");
    }
}
