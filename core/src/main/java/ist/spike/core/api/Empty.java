package ist.spike.core.api;

/** {@code {}}: the request of calls that take nothing and the answer of calls that return nothing. */
public record Empty() {
    public static final Empty INSTANCE = new Empty();
}
