package dev.weft.handover;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The text of one handover message: a kind, then words separated by single spaces, each percent-encoded so that
 * no name (a listener's, a backend's) can split a word. The descriptors travel beside it, in the message's
 * ancillary data.
 * <pre>
 * LISTENERS name host:port name host:port ...   (old to new; one listening socket per pair, in order)
 * READY pid | FAILED reason                      (new to old: its listeners accept, or it gave up)
 * RELEASED                                       (old to new: control socket, admin port and files are free)
 * SERVING                                        (new to old: it serves them)
 * SESSION id listener backend endpoint started up down origin   (old to new; client and endpoint sockets)
 * DONE                                           (old to new: nothing more comes)
 * </pre>
 */
record HandoverMessage(String kind, List<String> words) {
    static final String LISTENERS = "LISTENERS";
    static final String READY = "READY";
    static final String FAILED = "FAILED";
    static final String RELEASED = "RELEASED";
    static final String SERVING = "SERVING";
    static final String SESSION = "SESSION";
    static final String DONE = "DONE";

    static HandoverMessage of(String kind, Object... words) {
        return new HandoverMessage(kind, Arrays.stream(words).map(String::valueOf).toList());
    }

    byte[] encode() {
        StringBuilder text = new StringBuilder(kind);
        for (String word : words) {
            text.append(' ').append(URLEncoder.encode(word, StandardCharsets.UTF_8));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static HandoverMessage decode(byte[] payload) {
        String[] parts = new String(payload, StandardCharsets.UTF_8).split(" ");
        List<String> words = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            words.add(URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
        }
        return new HandoverMessage(parts[0], List.copyOf(words));
    }

    String word(int index) {
        return words.get(index);
    }

    @Override
    public String toString() {
        return kind + " " + String.join(" ", words);
    }
}
