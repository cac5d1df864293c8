package io.github.consulembedded.samples.demo;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JLabel;
import javax.swing.JPanel;

/**
 * Every agent of a snapshot as an {@link AgentTile}, six to a row; a click selects one. With
 * several datacenters each gets its own rows under a label with its name and leader.
 */
public final class TilesPanel extends JPanel {
    static final int COLUMNS = 6;
    static final Color NO_LEADER = new Color(0xB71C1C);

    private final List<AgentTile> tiles = new ArrayList<>();
    private final Map<String, JLabel> rowLabels = new LinkedHashMap<>();
    private final Consumer<String> onSelect;
    private Map<String, List<String>> shownLayout = Map.of();
    private String selected = "";

    public TilesPanel(Consumer<String> onSelect) {
        setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
        this.onSelect = onSelect;
        setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
    }

    /** Shows the snapshot's agents, reusing tiles while the datacenters and nodes stay the same. */
    public void show(ClusterSnapshot snapshot) {
        Map<String, List<ClusterSnapshot.Agent>> byDatacenter = byDatacenter(snapshot);
        Map<String, List<String>> layout = new LinkedHashMap<>();
        byDatacenter.forEach((dc, agents) -> layout.put(dc, agents.stream().map(ClusterSnapshot.Agent::node).toList()));
        if (!layout.equals(shownLayout)) {
            rebuild(byDatacenter);
            shownLayout = layout;
        }
        List<ClusterSnapshot.Agent> ordered = byDatacenter.values().stream().flatMap(List::stream).toList();
        for (int i = 0; i < tiles.size(); i++) {
            tiles.get(i).setAgent(ordered.get(i));
            tiles.get(i).setSelected(tiles.get(i).agent().node().equals(selected));
        }
        rowLabels.forEach((dc, label) -> {
            String leader = snapshot.leader(dc);
            label.setText("Datacenter " + dc + (dc.equals(snapshot.primary()) ? " (primary)" : "") + "   \u2605 "
                    + (leader.isEmpty() ? "no leader: election in progress" : "leader " + leader));
            label.setForeground(leader.isEmpty() ? NO_LEADER : Color.BLACK);
        });
        repaint();
    }

    /** The agents grouped by datacenter: the snapshot's datacenters in order, then any others agents name. */
    private static Map<String, List<ClusterSnapshot.Agent>> byDatacenter(ClusterSnapshot snapshot) {
        Set<String> names = new LinkedHashSet<>();
        snapshot.datacenters().forEach(d -> names.add(d.name()));
        snapshot.agents().forEach(a -> names.add(a.datacenter()));
        Map<String, List<ClusterSnapshot.Agent>> groups = new LinkedHashMap<>();
        for (String dc : names) {
            List<ClusterSnapshot.Agent> agents = snapshot.agents(dc);
            if (!agents.isEmpty()) {
                groups.put(dc, agents);
            }
        }
        return groups;
    }

    /** One grid of tiles per datacenter; a label above each only when there are several, so one looks as it always did. */
    private void rebuild(Map<String, List<ClusterSnapshot.Agent>> byDatacenter) {
        removeAll();
        tiles.clear();
        rowLabels.clear();
        boolean labelled = byDatacenter.size() > 1;
        for (Map.Entry<String, List<ClusterSnapshot.Agent>> group : byDatacenter.entrySet()) {
            if (labelled) {
                if (!rowLabels.isEmpty()) {
                    add(Box.createVerticalStrut(8));
                }
                JLabel label = new JLabel("Datacenter " + group.getKey());
                label.setFont(label.getFont().deriveFont(Font.BOLD, 14f));
                label.setName("datacenter-" + group.getKey());
                JPanel row = new JPanel(new BorderLayout());
                row.setBorder(BorderFactory.createEmptyBorder(0, 2, 4, 0));
                row.add(label, BorderLayout.WEST);
                add(row);
                rowLabels.put(group.getKey(), label);
            }
            JPanel grid = new JPanel(new GridLayout(0, COLUMNS, 10, 10));
            for (ClusterSnapshot.Agent agent : group.getValue()) {
                AgentTile tile = new AgentTile(agent);
                tile.addMouseListener(new MouseAdapter() {
                    @Override
                    public void mouseClicked(MouseEvent e) {
                        select(tile.agent().node());
                    }
                });
                tiles.add(tile);
                grid.add(tile);
            }
            add(grid);
        }
        revalidate();
    }

    /** Selects the tile of {@code node} and tells the listener. */
    public void select(String node) {
        selected = node;
        tiles.forEach(t -> t.setSelected(t.agent().node().equals(node)));
        onSelect.accept(node);
    }

    public Optional<String> selected() {
        return selected.isEmpty() ? Optional.empty() : Optional.of(selected);
    }

    /** Every tile, datacenter by datacenter. */
    public List<AgentTile> tiles() {
        return List.copyOf(tiles);
    }

    /** The label above each datacenter's row, by datacenter; none with a single datacenter. */
    public Map<String, JLabel> rowLabels() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowLabels));
    }
}
