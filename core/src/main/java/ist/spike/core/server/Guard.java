package ist.spike.core.server;

import io.spiffe.spiffeid.SpiffeId;

/**
 * Decides whether {@code caller} may make {@code request}. Security: fail closed — anything but a
 * clear yes throws {@link ist.spike.core.error.SpikeException} with
 * {@link ist.spike.core.error.ErrorCode#UNAUTHORIZED}.
 */
@FunctionalInterface
public interface Guard<Q> {
    void authorize(SpiffeId caller, Q request);
}
