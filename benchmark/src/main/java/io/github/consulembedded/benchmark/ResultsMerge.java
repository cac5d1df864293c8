package io.github.consulembedded.benchmark;

/**
 * Merges one scenario's subsection and its targets row into results measured earlier, for a run
 * of that scenario alone ({@code --only}): the subsection replaces its namesake or goes before
 * {@code #### Targets}, and the row replaces the one with the same start or ends the targets table.
 */
final class ResultsMerge {
    static final String TARGETS_HEADING = "#### Targets";

    private ResultsMerge() {
    }

    static String merge(String results, String section, String targetRow, String targetRowPrefix) {
        String heading = section.strip().lines().findFirst().orElseThrow();
        if (!heading.startsWith("#### ")) {
            throw new IllegalArgumentException("a subsection starts with its #### heading, was: " + heading);
        }
        String body = section.strip() + "\n\n";
        String merged;
        int from = results.indexOf(heading + "\n");
        if (from >= 0) {
            int next = results.indexOf("\n#### ", from + heading.length());
            merged = results.substring(0, from) + body + (next < 0 ? "" : results.substring(next + 1));
        } else {
            int targets = results.indexOf(TARGETS_HEADING);
            if (targets < 0) {
                throw new IllegalArgumentException("the results have no " + TARGETS_HEADING + " subsection to merge into");
            }
            merged = results.substring(0, targets) + body + results.substring(targets);
        }
        StringBuilder out = new StringBuilder();
        merged.strip().lines().filter(l -> !l.startsWith(targetRowPrefix)).forEach(l -> out.append(l).append('\n'));
        return out.append(targetRow.strip()).append('\n').toString();
    }
}
