package ist.spike.nexus.recovery;

import ist.spike.core.crypto.Aead;
import ist.spike.nexus.storage.Session;
import java.sql.SQLException;

/**
 * What the root key seals in the database besides the sharing record (the keyring), as a rekey
 * sees it (DESIGN §3a): sealed again under the new key beside the old sealing in phase one, swapped
 * in phase two, forgotten when the rekey is abandoned. Each step runs inside the same transaction as
 * the sharing record's, so the database is always wholly before or wholly after the rekey.
 */
public interface SealedUnderRootKey {
    /** Outside any transaction, before phase one: brings what is sealed to its usual shape (unlocks it). */
    void open();

    /** Phase one: seals everything again under {@code next}, beside what the current key seals. */
    void sealUnder(Session session, Aead next, byte[] currentKeyCheck) throws SQLException;

    /** Phase two: the new sealing replaces the old. */
    void swap(Session session) throws SQLException;

    /** An abandoned rekey: the new sealing is forgotten. */
    void abandon(Session session) throws SQLException;

    /**
     * Runs {@code swapAndInstall} (phase two and the key's change in memory) so that nothing is sealed
     * under the root key meanwhile, then forgets whatever was unsealed under the old key.
     */
    void exclusively(Runnable swapAndInstall);

    /** One step inside a transaction. */
    @FunctionalInterface
    interface Work {
        void run(Session session) throws SQLException;
    }

    /** Nothing else sealed (tests of the sharing alone). */
    SealedUnderRootKey NOTHING = new SealedUnderRootKey() {
        @Override
        public void open() {
        }

        @Override
        public void sealUnder(Session session, Aead next, byte[] currentKeyCheck) {
        }

        @Override
        public void swap(Session session) {
        }

        @Override
        public void abandon(Session session) {
        }

        @Override
        public void exclusively(Runnable swapAndInstall) {
            swapAndInstall.run();
        }
    };
}
