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
import java.util.Map;
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

    /** Two datacenters of 3 servers + 1 client; dc2 is between leaders, so none of its tiles has the star. */
    static final ClusterSnapshot TWO_DATACENTERS = new ClusterSnapshot(List.of(
            new ClusterSnapshot.Agent("consul-server-1", "dc1", true, 1001, AgentStatus.ALIVE, "alive", false),
            new ClusterSnapshot.Agent("consul-server-2", "dc1", true, 1002, AgentStatus.ALIVE, "alive", true),
            new ClusterSnapshot.Agent("consul-server-3", "dc1", true, 1003, AgentStatus.ALIVE, "alive", false),
            new ClusterSnapshot.Agent("consul-server-1-dc2", "dc2", true, 2001, AgentStatus.ALIVE, "alive", false),
            new ClusterSnapshot.Agent("consul-server-2-dc2", "dc2", true, -1, AgentStatus.FAILED, "failed", false),
            new ClusterSnapshot.Agent("consul-server-3-dc2", "dc2", true, 2003, AgentStatus.ALIVE, "alive", false),
            new ClusterSnapshot.Agent("consul-client-1", "dc1", false, 1004, AgentStatus.ALIVE, "alive", false),
            new ClusterSnapshot.Agent("consul-client-1-dc2", "dc2", false, 2004, AgentStatus.ALIVE, "alive", false)),
            List.of(new ClusterSnapshot.Datacenter("dc1", "consul-server-2", List.of("127.0.0.1:8300", "127.0.0.1:8301")),
                    new ClusterSnapshot.Datacenter("dc2", "", List.of("127.0.0.1:9300", "127.0.0.1:9302"))),
            List.of(), List.of(), List.of());

    @TempDir
    Path folder;
    ClusterModel model;

    @BeforeEach
    void attachToAStatusFileWithoutProcesses() throws IOException {
        model = attachedTo(SNAPSHOT, false);
    }

    /**
     * A real control, attached to a status file whose agents do not run; nothing is started. With
     * {@code datacenterFields} each agent names its datacenter, as the command writes for several.
     */
    ClusterModel attachedTo(ClusterSnapshot snapshot, boolean datacenterFields) throws IOException {
        Path status = folder.resolve("status.json");
        StringBuilder agents = new StringBuilder();
        for (ClusterSnapshot.Agent a : snapshot.agents()) {
            agents.append(agents.length() == 0 ? "" : ",").append("{\"node\":\"").append(a.node()).append("\",\"role\":\"")
                    .append(a.role()).append("\",\"pid\":-1,\"address\":\"127.0.0.1\",\"http\":1,\"server\":2")
                    .append(datacenterFields ? ",\"datacenter\":\"" + a.datacenter() + "\"" : "").append("}");
        }
        Files.writeString(status, "{\"datacenter\":\"dc1\",\"consulVersion\":\"1.4.2\",\"agents\":[" + agents + "]}");
        return new ClusterModel(new AttachedClusterControl(status));
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
        assertThat(panel[0].tiles().rowLabels()).as("no datacenter labels with one datacenter").isEmpty();
        assertThat(label(panel[0], "\u2605 Leader: consul-server-2")).isNotNull();
        assertThat(border(panel[0], "Service catalog (blocking queries)")).isTrue();
    }

    @Test
    void paintsOneLabelledRowPerDatacenterWithEachDatacentersLeaderStarred() throws Exception {
        model.close();
        model.control().close();
        model = attachedTo(TWO_DATACENTERS, true);
        BufferedImage image = new BufferedImage(1320, 860, BufferedImage.TYPE_INT_RGB);
        DemoPanel[] panel = new DemoPanel[1];
        SwingUtilities.invokeAndWait(() -> {
            panel[0] = new DemoPanel(model, new DemoActions(model), Runnable::run);
            panel[0].show(TWO_DATACENTERS);
            panel[0].setSize(1320, 860);
            layOut(panel[0]);
            panel[0].paint(image.getGraphics());
        });

        Map<String, javax.swing.JLabel> labels = panel[0].tiles().rowLabels();
        assertThat(labels.keySet()).containsExactly("dc1", "dc2");
        assertThat(labels.get("dc1").getText()).contains("Datacenter dc1 (primary)").contains("leader consul-server-2");
        assertThat(labels.get("dc2").getText()).contains("Datacenter dc2").contains("no leader");
        int dc1Label = SwingUtilities.convertPoint(labels.get("dc1"), 0, 0, panel[0]).y;
        int dc2Label = SwingUtilities.convertPoint(labels.get("dc2"), 0, 0, panel[0]).y;
        assertThat(panel[0].tiles().tiles()).extracting(t -> t.agent().node()).containsExactly("consul-server-1",
                "consul-server-2", "consul-server-3", "consul-client-1", "consul-server-1-dc2", "consul-server-2-dc2",
                "consul-server-3-dc2", "consul-client-1-dc2");
        for (AgentTile tile : panel[0].tiles().tiles()) {
            Point origin = SwingUtilities.convertPoint(tile, 0, 0, panel[0]);
            boolean inDc2 = tile.agent().datacenter().equals("dc2");
            // One row each: dc1's tiles between the two labels, dc2's below its label.
            assertThat(origin.y).as("top of %s", tile.agent().node()).isGreaterThan(inDc2 ? dc2Label : dc1Label);
            if (!inDc2) {
                assertThat(origin.y + tile.getHeight()).as("bottom of %s", tile.agent().node()).isLessThan(dc2Label);
            }
            assertThat(tile.getWidth()).as("width of %s", tile.agent().node()).isGreaterThan(150);
            Color fill = new Color(image.getRGB(origin.x + tile.getWidth() - 14, origin.y + tile.getHeight() / 2));
            assertThat(fill).as("fill of %s", tile.agent().node()).isEqualTo(AgentTile.colourOf(tile.agent().status()));
            Color star = new Color(image.getRGB(origin.x + tile.getWidth() - 30, origin.y + 28));
            assertThat(star.equals(AgentTile.GOLD)).as("star on %s", tile.agent().node()).isEqualTo(tile.agent().leader());
            assertThat(darkPixels(image, origin.x + tile.getWidth() - AgentTile.NAME_CLEARANCE, origin.y + 10, 36, 24))
                    .as("name of %s running into the star's place", tile.agent().node()).isZero();
        }
        assertThat(label(panel[0], "\u2605 Leaders   dc1: consul-server-2   dc2: none, election in progress")).isNotNull();
        assertThat(border(panel[0], "Service catalog of dc1 (blocking queries)")).isTrue();
        assertThat(border(panel[0], "Key/value store of dc1")).isTrue();
    }

    @Test
    void killLeaderAimsAtTheSelectedAgentsDatacenter() throws Exception {
        model.close();
        model.control().close();
        model = attachedTo(TWO_DATACENTERS, true);
        ClusterSnapshot dc2Elected = new ClusterSnapshot(TWO_DATACENTERS.agents(), List.of(TWO_DATACENTERS.datacenters().get(0),
                new ClusterSnapshot.Datacenter("dc2", "consul-server-3-dc2", List.of())), List.of(), List.of(), List.of());
        SwingUtilities.invokeAndWait(() -> {
            DemoPanel panel = new DemoPanel(model, new DemoActions(model), Runnable::run);
            panel.show(TWO_DATACENTERS);
            assertThat(panel.killLeaderButton().getText()).isEqualTo("Kill leader of dc1");
            assertThat(panel.killLeaderButton().isEnabled()).isTrue();

            panel.select("consul-client-1-dc2");
            assertThat(panel.killLeaderButton().getText()).isEqualTo("Kill leader of dc2");
            assertThat(panel.killLeaderButton().isEnabled()).as("dc2 has no leader to kill").isFalse();

            panel.show(dc2Elected);
            assertThat(panel.killLeaderButton().isEnabled()).isTrue();
            assertThat(button(panel, "Add client to dc1")).isNotNull();
        });
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

    private static javax.swing.JLabel label(Container root, String text) {
        for (Component c : root.getComponents()) {
            if (c instanceof javax.swing.JLabel l && text.equals(l.getText())) {
                return l;
            }
            if (c instanceof Container child) {
                javax.swing.JLabel found = label(child, text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Whether some component below {@code root} has a titled border with this title. */
    private static boolean border(Container root, String title) {
        for (Component c : root.getComponents()) {
            if (c instanceof javax.swing.JComponent j && j.getBorder() instanceof javax.swing.border.TitledBorder t
                    && title.equals(t.getTitle())) {
                return true;
            }
            if (c instanceof Container child && border(child, title)) {
                return true;
            }
        }
        return false;
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

    private static int darkPixels(BufferedImage image, int x0, int y0, int width, int height) {
        int dark = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                Color c = new Color(image.getRGB(x, y));
                if (c.getRed() + c.getGreen() + c.getBlue() < 200) {
                    dark++;
                }
            }
        }
        return dark;
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
