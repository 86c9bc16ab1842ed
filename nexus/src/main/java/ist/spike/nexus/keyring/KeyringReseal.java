package ist.spike.nexus.keyring;

import ist.spike.core.crypto.Aead;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.recovery.SealedUnderRootKey;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.RowBinding;
import ist.spike.nexus.storage.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyring's side of a rekey (DESIGN §3a): every data key, and every root key an earlier rekey
 * replaced, is sealed again under the new root key into {@code sealed_key_next} (phase one); phase
 * two swaps the columns. The root key being replaced joins {@code former_root_keys}, sealed under the
 * new one, so what the cipher API sealed under it still opens. Security: key bytes exist here only
 * between an open and the seal that follows, and are zeroed.
 */
public final class KeyringReseal implements SealedUnderRootKey {
    private static final Logger LOG = LoggerFactory.getLogger(KeyringReseal.class);
    private final Keyring keyring;
    private final RootKey rootKey;

    public KeyringReseal(Keyring keyring, RootKey rootKey) {
        this.keyring = keyring;
        this.rootKey = rootKey;
    }

    /** True while a rekey's phase one is recorded (new sealing beside the old). */
    static boolean inProgress(Session session) throws SQLException {
        try (ResultSet rs = session.statement("SELECT 1 FROM keyring WHERE sealed_key_next IS NOT NULL"
                + " UNION ALL SELECT 1 FROM former_root_keys WHERE sealed_key_next IS NOT NULL LIMIT 1").executeQuery()) {
            return rs.next();
        }
    }

    static byte[] formerBinding(byte[] keyCheck) {
        return RowBinding.of("former_root_keys", HexFormat.of().formatHex(keyCheck), "root-key");
    }

    @Override
    public void open() {
        keyring.state();
    }

    @Override
    public void sealUnder(Session session, Aead next, byte[] currentKeyCheck) throws SQLException {
        Aead root = rootKey.aead();
        List<Object[]> terms = new ArrayList<>();
        try (ResultSet rs = session.statement("SELECT term, sealed_key FROM keyring").executeQuery()) {
            while (rs.next()) {
                terms.add(new Object[] {rs.getInt(1), rs.getBytes(2)});
            }
        }
        PreparedStatement term = session.statement("UPDATE keyring SET sealed_key_next = ? WHERE term = ?");
        for (Object[] row : terms) {
            byte[] binding = Keyring.binding((Integer) row[0]);
            byte[] sealed = (byte[]) row[1];
            // NULL: term 1 of a database from before the keyring, whose data key is the root key itself.
            byte[] resealed = sealed == null ? rootKey.sealUnder(next, binding) : resealOrSkip(root, next, binding, sealed,
                    "the data key of term " + row[0]);
            if (resealed != null) {
                term.setBytes(1, resealed);
                term.setInt(2, (Integer) row[0]);
                term.executeUpdate();
            }
        }
        List<byte[][]> former = new ArrayList<>();
        try (ResultSet rs = session.statement("SELECT key_check, sealed_key FROM former_root_keys"
                + " WHERE sealed_key IS NOT NULL").executeQuery()) {
            while (rs.next()) {
                former.add(new byte[][] {rs.getBytes(1), rs.getBytes(2)});
            }
        }
        PreparedStatement formerNext = session.statement(
                "UPDATE former_root_keys SET sealed_key_next = ? WHERE key_check = ?");
        for (byte[][] row : former) {
            byte[] resealed = resealOrSkip(root, next, formerBinding(row[0]), row[1], "a former root key");
            if (resealed != null) {
                formerNext.setBytes(1, resealed);
                formerNext.setBytes(2, row[0]);
                formerNext.executeUpdate();
            }
        }
        PreparedStatement replaced = session.statement("INSERT INTO former_root_keys (key_check, sealed_key_next)"
                + " VALUES (?, ?) ON CONFLICT (key_check) DO UPDATE SET sealed_key_next = excluded.sealed_key_next");
        replaced.setBytes(1, currentKeyCheck);
        replaced.setBytes(2, rootKey.sealUnder(next, formerBinding(currentKeyCheck)));
        replaced.executeUpdate();
    }

    /**
     * {@code sealed} re-sealed under {@code next}; null for a key that fails its check (a tampered row,
     * already left out by the keyring): it stays as it is, as unusable as before.
     */
    private static byte[] resealOrSkip(Aead root, Aead next, byte[] binding, byte[] sealed, String what) {
        try {
            return reseal(root, next, binding, sealed);
        } catch (SpikeException e) {
            LOG.error("{} failed its integrity check (tampered with?); the rekey leaves it as it is", what);
            return null;
        }
    }

    private static byte[] reseal(Aead root, Aead next, byte[] binding, byte[] sealed) {
        byte[] raw = root.open(sealed, binding);
        try {
            return next.seal(raw, binding);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public void swap(Session session) throws SQLException {
        session.statement("UPDATE keyring SET sealed_key = sealed_key_next, sealed_key_next = NULL"
                + " WHERE sealed_key_next IS NOT NULL").executeUpdate();
        PreparedStatement former = session.statement("UPDATE former_root_keys SET sealed_key = sealed_key_next,"
                + " sealed_key_next = NULL, retired_time = COALESCE(retired_time, ?) WHERE sealed_key_next IS NOT NULL");
        former.setString(1, Instant.now().toString());
        former.executeUpdate();
    }

    @Override
    public void abandon(Session session) throws SQLException {
        session.statement("UPDATE keyring SET sealed_key_next = NULL").executeUpdate();
        session.statement("DELETE FROM former_root_keys WHERE sealed_key IS NULL").executeUpdate();
        session.statement("UPDATE former_root_keys SET sealed_key_next = NULL").executeUpdate();
    }

    @Override
    public void exclusively(Runnable swapAndInstall) {
        keyring.whileNothingIsSealed(swapAndInstall);
    }
}
