package dev.weft.proxy;

import dev.weft.balance.BackendConnector;
import dev.weft.transport.Pump;

/** What every session of one listener shares. */
public record SessionContext(String listener, BackendConnector connector, Pump pump) {
}
