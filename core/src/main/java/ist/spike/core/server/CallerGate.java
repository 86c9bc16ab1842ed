package ist.spike.core.server;

import io.spiffe.spiffeid.SpiffeId;

/**
 * Whether a caller may send a request body at all, decided from its SPIFFE ID alone, before a
 * byte of the body is read. Security: a caller that no guard could ever let through is refused at
 * once, so it cannot hold a server thread by trickling a body it has no right to send. A gate only
 * narrows: the route's guard still decides, with the body, whether the call is allowed.
 */
@FunctionalInterface
public interface CallerGate {
    /** Every caller may send a body (the guards alone decide). */
    CallerGate ANYONE = (caller, key) -> true;

    boolean admits(SpiffeId caller, RouteKey key);
}
