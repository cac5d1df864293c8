package io.github.consulembedded;

/** A member's gossip status, as Consul's serf reports it in {@code /v1/agent/members}. */
public enum MemberStatus {
    NONE,
    ALIVE,
    LEAVING,
    LEFT,
    FAILED;

    /** Maps serf's numeric status (0-4); unknown codes map to {@link #NONE}. */
    public static MemberStatus fromCode(int code) {
        return switch (code) {
            case 1 -> ALIVE;
            case 2 -> LEAVING;
            case 3 -> LEFT;
            case 4 -> FAILED;
            default -> NONE;
        };
    }
}
