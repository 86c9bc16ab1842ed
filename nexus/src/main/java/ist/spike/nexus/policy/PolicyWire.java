package ist.spike.nexus.policy;

import ist.spike.core.api.PolicyMessages;

/** Policies as the wire shows them. */
final class PolicyWire {
    private PolicyWire() {
    }

    static PolicyMessages.Policy of(Policy p) {
        return new PolicyMessages.Policy(p.id(), p.name(), p.spiffeIdPattern(), p.pathPattern(),
                p.permissions().stream().map(Permission::wire).sorted().toList(), p.createdAt(), p.updatedAt());
    }
}
