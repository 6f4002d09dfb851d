package dev.weft.balance;

import java.util.Locale;

/**
 * What an operator set for an endpoint at runtime ({@code bin/weft set endpoint ... state}), apart from its health:
 * {@code READY} takes new connections when healthy; {@code DRAIN} takes none while its open ones go on;
 * {@code MAINT} is drained and not probed either, so its health stays what it was until it is back.
 */
public enum EndpointState {
    READY, DRAIN, MAINT;

    /** As the runtime API and the state file spell it. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state {@code text} names, or null. */
    public static EndpointState of(String text) {
        for (EndpointState state : values()) {
            if (state.keyword().equals(text)) {
                return state;
            }
        }
        return null;
    }
}
