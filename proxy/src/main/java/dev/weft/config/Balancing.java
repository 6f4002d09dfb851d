package dev.weft.config;

/** How a backend spreads new connections over its healthy endpoints. */
public enum Balancing {
    ROUND_ROBIN,
    LEAST_CONNECTIONS,
    POWER_OF_TWO_CHOICES,
    RANDOM
}
