package io.github.consulembedded.samples.demo;

import java.awt.GridLayout;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.JPanel;

/** Every agent of a snapshot as an {@link AgentTile}, six to a row; a click selects one. */
public final class TilesPanel extends JPanel {
    static final int COLUMNS = 6;

    private final List<AgentTile> tiles = new ArrayList<>();
    private final Consumer<String> onSelect;
    private String selected = "";

    public TilesPanel(Consumer<String> onSelect) {
        super(new GridLayout(0, COLUMNS, 10, 10));
        this.onSelect = onSelect;
        setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
    }

    /** Shows the snapshot's agents, reusing tiles while the nodes stay the same. */
    public void show(ClusterSnapshot snapshot) {
        List<String> nodes = snapshot.agents().stream().map(ClusterSnapshot.Agent::node).toList();
        if (!nodes.equals(tiles.stream().map(t -> t.agent().node()).toList())) {
            removeAll();
            tiles.clear();
            for (ClusterSnapshot.Agent agent : snapshot.agents()) {
                AgentTile tile = new AgentTile(agent);
                tile.addMouseListener(new MouseAdapter() {
                    @Override
                    public void mouseClicked(MouseEvent e) {
                        select(tile.agent().node());
                    }
                });
                tiles.add(tile);
                add(tile);
            }
            revalidate();
        }
        for (int i = 0; i < tiles.size(); i++) {
            tiles.get(i).setAgent(snapshot.agents().get(i));
            tiles.get(i).setSelected(tiles.get(i).agent().node().equals(selected));
        }
        repaint();
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

    public List<AgentTile> tiles() {
        return List.copyOf(tiles);
    }
}
