package io.github.consulembedded.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view without a screen: the whole panel painted into an image from a given snapshot. */
class DemoPanelTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    static final ClusterSnapshot SNAPSHOT = new ClusterSnapshot(List.of(
            new ClusterSnapshot.Agent("consul-server-1", "dc1", true, -1, AgentStatus.FAILED, "alive", false),
            new ClusterSnapshot.Agent("consul-server-2", "dc1", true, 1002, AgentStatus.ALIVE, "alive", true),
            new ClusterSnapshot.Agent("consul-server-3", "dc1", true, 1003, AgentStatus.ALIVE, "alive", false),
            new ClusterSnapshot.Agent("consul-client-1", "dc1", false, 1004, AgentStatus.RESTARTING, "failed", false),
            new ClusterSnapshot.Agent("consul-client-2", "dc1", false, 1005, AgentStatus.JOINING, "unknown", false),
            new ClusterSnapshot.Agent("consul-client-3", "dc1", false, 1006, AgentStatus.ALIVE, "alive", false),
            new ClusterSnapshot.Agent("consul-client-4", "dc1", false, -1, AgentStatus.LEFT, "left", false)),
            List.of(new ClusterSnapshot.Datacenter("dc1", "consul-server-2",
                    List.of("127.0.0.1:8300", "127.0.0.1:8301", "127.0.0.1:8302"))),
            List.of(new ClusterSnapshot.Service("demo-web", "demo-web-1", "consul-client-3", "passing")),
            List.of("demo/greeting"), List.of("12:00:00.000  consul-server-2 elected leader"));

    @TempDir
    Path folder;
    ClusterModel model;

    @BeforeEach
    void attachToAStatusFileWithoutProcesses() throws IOException {
        // A real control, attached to a status file whose agents do not run; nothing is started.
        Path status = folder.resolve("status.json");
        StringBuilder agents = new StringBuilder();
        for (ClusterSnapshot.Agent a : SNAPSHOT.agents()) {
            agents.append(agents.length() == 0 ? "" : ",").append("{\"node\":\"").append(a.node()).append("\",\"role\":\"")
                    .append(a.role()).append("\",\"pid\":-1,\"address\":\"127.0.0.1\",\"http\":1,\"server\":2}");
        }
        Files.writeString(status, "{\"datacenter\":\"dc1\",\"consulVersion\":\"1.4.2\",\"agents\":[" + agents + "]}");
        model = new ClusterModel(new AttachedClusterControl(status));
    }

    @AfterEach
    void close() {
        model.close();
        model.control().close();
    }

    @Test
    void paintsOneTilePerAgentColouredByStatusWithTheLeaderStarred() throws Exception {
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
        BufferedImage[] image = new BufferedImage[1];
        DemoPanel[] panel = new DemoPanel[1];
        SwingUtilities.invokeAndWait(() -> {
            panel[0] = new DemoPanel(model, new DemoActions(model), Runnable::run);
            panel[0].show(SNAPSHOT);
            panel[0].setSize(1320, 860);
            layOut(panel[0]);
            image[0] = new BufferedImage(1320, 860, BufferedImage.TYPE_INT_RGB);
            panel[0].paint(image[0].getGraphics());
        });

        List<AgentTile> tiles = panel[0].tiles().tiles();
        assertThat(tiles).extracting(t -> t.agent().node())
                .containsExactlyElementsOf(SNAPSHOT.agents().stream().map(ClusterSnapshot.Agent::node).toList());
        for (AgentTile tile : tiles) {
            Point origin = SwingUtilities.convertPoint(tile, 0, 0, panel[0]);
            assertThat(tile.getWidth()).as("width of %s", tile.agent().node()).isGreaterThan(150);
            Color fill = new Color(image[0].getRGB(origin.x + tile.getWidth() - 14, origin.y + tile.getHeight() / 2));
            assertThat(fill).as("fill of %s", tile.agent().node()).isEqualTo(AgentTile.colourOf(tile.agent().status()));
            Color star = new Color(image[0].getRGB(origin.x + tile.getWidth() - 30, origin.y + 28));
            assertThat(star.equals(AgentTile.GOLD)).as("star on %s", tile.agent().node()).isEqualTo(tile.agent().leader());
        }
        assertThat(distinctColours(image[0])).isGreaterThan(50);
    }

    @Test
    void clickingATileSelectsItsAgentAndLimitsActionsWhenAttached() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            DemoPanel panel = new DemoPanel(model, new DemoActions(model), Runnable::run);
            panel.show(SNAPSHOT);
            panel.select("consul-client-3");

            assertThat(panel.selected()).contains("consul-client-3");
            assertThat(panel.tiles().tiles()).filteredOn(AgentTile::isSelected).extracting(t -> t.agent().node())
                    .containsExactly("consul-client-3");
            assertThat(panel.killLeaderButton().isEnabled()).isTrue();
            assertThat(button(panel, "Restart").isEnabled()).isFalse();
            assertThat(button(panel, "Add client").isEnabled()).isFalse();
        });
    }

    private static javax.swing.JButton button(Container root, String text) {
        for (Component c : root.getComponents()) {
            if (c instanceof javax.swing.JButton b && b.getText().equals(text)) {
                return b;
            }
            if (c instanceof Container child) {
                javax.swing.JButton found = button(child, text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Lays out a component tree that has no window (headless), as a frame's validate() would. */
    private static void layOut(Container container) {
        container.doLayout();
        for (Component child : container.getComponents()) {
            if (child instanceof Container c) {
                layOut(c);
            }
        }
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
