package io.github.consulembedded.childjvm;

import io.github.consulembedded.internal.process.WorkArea;

/**
 * Test helper run in its own JVM: opens the work area, which is what a library user's next
 * start does first (it cleans the sessions of JVMs that are gone), prints
 * {@code SESSION <folder>} and exits normally.
 */
public final class WorkAreaChild {
    private WorkAreaChild() {
    }

    public static void main(String[] args) {
        System.out.println("SESSION " + WorkArea.get().session());
        System.out.flush();
    }
}
