package ist.spike.nexus.storage;

import ist.spike.core.crypto.Aead;
import java.util.function.Supplier;

/**
 * The keys rows are sealed with, by term (DESIGN §3a): new rows use the current term, every row
 * records its term and is opened with that term's key. Implementations are thread-safe and answer
 * {@code state_not_ready} while the keys are not available.
 */
public interface RowKeys {
    /** A term and its key. */
    record Term(int number, Aead aead) {
    }

    /** The term new rows are sealed with. */
    Term current();

    /** The key of {@code term}; {@code api_internal_error} for a term this keyring does not know. */
    Aead of(int term);

    /** One key as term 1 for every row (tests, the benchmark's store, databases written before the keyring). */
    static RowKeys single(Supplier<? extends Aead> aead) {
        return new RowKeys() {
            @Override
            public Term current() {
                return new Term(1, aead.get());
            }

            @Override
            public Aead of(int term) {
                if (term != 1) {
                    throw new ist.spike.core.error.SpikeException(ist.spike.core.error.ErrorCode.INTERNAL,
                            "a row sealed under key term " + term + ", which this store does not know");
                }
                return aead.get();
            }
        };
    }
}
