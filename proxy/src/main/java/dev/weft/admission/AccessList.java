package dev.weft.admission;

import dev.weft.config.AccessConfig;
import dev.weft.config.CidrBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A listener's allow and deny blocks, ordered most specific first (deny before allow at equal length), so the
 * first block that contains a client decides. Immutable: a reload builds a new one.
 */
final class AccessList {
    private record Rule(CidrBlock block, boolean allow) {
    }

    private final Rule[] rules;
    private final boolean allowByDefault;

    AccessList(AccessConfig config) {
        List<Rule> rules = new ArrayList<>();
        config.deny().forEach(block -> rules.add(new Rule(block, false)));
        config.allow().forEach(block -> rules.add(new Rule(block, true)));
        // Stable sort: at equal length, the deny rules added first stay first.
        rules.sort(Comparator.comparingInt((Rule rule) -> rule.block().prefix()).reversed());
        this.rules = rules.toArray(Rule[]::new);
        this.allowByDefault = config.allow().isEmpty();
    }

    boolean allows(CidrBlock client) {
        for (Rule rule : rules) {
            if (rule.block().contains(client)) {
                return rule.allow();
            }
        }
        return allowByDefault;
    }
}
