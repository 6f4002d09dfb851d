package dev.weft.perf;

import java.net.InetSocketAddress;

/** The three backends a comparison proxies to, or the three listeners a target exposes for them. */
record BackendSet(InetSocketAddress echo, InetSocketAddress sink, InetSocketAddress source) {
}
