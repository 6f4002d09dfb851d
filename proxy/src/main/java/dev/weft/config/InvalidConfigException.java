package dev.weft.config;

import java.util.List;

/** Thrown when a configuration has one or more problems; carries all of them, not just the first. */
public final class InvalidConfigException extends Exception {
    private final List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.size() + " configuration problem(s), first: " + problems.getFirst());
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
