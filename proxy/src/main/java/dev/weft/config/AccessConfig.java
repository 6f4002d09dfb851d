package dev.weft.config;

import java.util.List;

/**
 * {@code weft.listeners.<name>.access}: which clients a listener serves, by their real address (after a PROXY
 * header). The most specific block that matches a client decides, deny winning a tie; a client no block matches
 * is served if {@code allow} is empty and refused otherwise.
 */
public record AccessConfig(List<CidrBlock> allow, List<CidrBlock> deny) {
    public static final AccessConfig OPEN = new AccessConfig(List.of(), List.of());

    public boolean open() {
        return allow.isEmpty() && deny.isEmpty();
    }
}
