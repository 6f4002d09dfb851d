package dev.weft.config;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up. {@link #OFF} when the rate
 * is 0.
 */
public record RateLimit(double perSecond, int burst) {
    public static final RateLimit OFF = new RateLimit(0, 0);

    public boolean off() {
        return perSecond <= 0;
    }
}
