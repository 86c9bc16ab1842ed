package ist.spike.nexus.policy;

import ist.spike.core.error.SpikeException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What a policy grants on the paths it matches. {@code super} grants everything policies can. */
public enum Permission {
    READ, WRITE, LIST, EXECUTE, SUPER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Set<Permission> parse(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw SpikeException.badRequest("a policy needs at least one permission: read, write, list, execute or super");
        }
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            out.add(Arrays.stream(values()).filter(p -> p.wire().equals(name)).findFirst()
                    .orElseThrow(() -> SpikeException.badRequest("unknown permission; use read, write, list, execute or super")));
        }
        return out;
    }
}
