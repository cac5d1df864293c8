package io.github.consulembedded.samples.demo;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.DefaultTableModel;

/**
 * The demo's whole window content: the agent tiles (a row per datacenter when there are several),
 * the action buttons, the raft peers, the service catalog with health and a KV browser (of the
 * primary datacenter), the events and the selected agent's log. It only
 * shows {@link ClusterSnapshot}s it is given and hands button presses to {@link DemoActions}
 * on a background executor, so it paints headless as well as in a frame.
 */
public final class DemoPanel extends JPanel {
    private static final int LOG_LINES = 200;

    private final ClusterModel model;
    private final DemoActions actions;
    private final Executor background;
    /** The datacenters as the control knew them at start; the catalog and KV panes show the first. */
    private final List<String> datacenters;
    private final TilesPanel tiles = new TilesPanel(this::agentSelected);
    private final JLabel leaderLabel = new JLabel("Leader: waiting for the first poll");
    private final JLabel statusLabel = new JLabel(" ");
    private final DefaultListModel<String> peers = new DefaultListModel<>();
    private final DefaultTableModel services = new DefaultTableModel(new Object[] {"Service", "ID", "Node", "Health"}, 0) {
        @Override
        public boolean isCellEditable(int row, int column) {
            return false;
        }
    };
    private final JTable servicesTable = new JTable(services);
    private final DefaultListModel<String> keys = new DefaultListModel<>();
    private final JList<String> keyList = new JList<>(keys);
    private final JTextField keyField = new JTextField("demo/greeting");
    private final JTextArea valueArea = new JTextArea("hello", 3, 20);
    private final DefaultListModel<String> events = new DefaultListModel<>();
    private final JList<String> eventList = new JList<>(events);
    private final JTextArea log = new JTextArea();
    private final JLabel logTitle = new JLabel("Log: click a tile");
    private final JLabel selectedLabel = new JLabel("Select a tile:");
    private final JButton killLeader = new JButton("Kill leader");
    private final JButton kill = new JButton("Kill -9");
    private final JButton stop = new JButton("Stop");
    private final JButton restart = new JButton("Restart");
    private final JButton addClient = new JButton("Add client");
    private final JButton removeClient = new JButton("Remove client (leave)");
    private final JButton register = new JButton("Register demo service");
    private final JButton deregister = new JButton("Deregister service");
    private ClusterSnapshot shown = ClusterSnapshot.EMPTY;
    private List<String> logShown = List.of();

    public DemoPanel(ClusterModel model, DemoActions actions, Executor background) {
        super(new BorderLayout(8, 8));
        this.model = model;
        this.actions = actions;
        this.background = background;
        this.datacenters = model.control().datacenters();
        setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        add(header(), BorderLayout.NORTH);
        JPanel center = new JPanel(new BorderLayout(8, 8));
        center.add(titled("Agents (click one to select it)", tiles), BorderLayout.NORTH);
        // Weighted columns: the events (middle) need the most width, the catalog the least.
        JPanel lower = new JPanel(new GridBagLayout());
        double[] weights = {0.31, 0.36, 0.33};
        JComponent[] columns = {catalogColumn(), kvColumn(), logColumn()};
        for (int i = 0; i < columns.length; i++) {
            GridBagConstraints c = new GridBagConstraints();
            c.gridx = i;
            c.weightx = weights[i];
            c.weighty = 1;
            c.fill = GridBagConstraints.BOTH;
            c.insets = new java.awt.Insets(0, i == 0 ? 0 : 4, 0, i == columns.length - 1 ? 0 : 4);
            columns[i].setPreferredSize(new Dimension(100, 100));
            lower.add(columns[i], c);
        }
        center.add(lower, BorderLayout.CENTER);
        add(center, BorderLayout.CENTER);
        wireActions();
        updateButtons();
    }

    private JComponent header() {
        JPanel header = new JPanel();
        header.setLayout(new BoxLayout(header, BoxLayout.Y_AXIS));
        JLabel title = new JLabel("consul-embedded desktop demo: " + model.control().description());
        title.setFont(title.getFont().deriveFont(Font.BOLD, 15f));
        header.add(left(title));
        leaderLabel.setFont(leaderLabel.getFont().deriveFont(Font.BOLD, 20f));
        header.add(left(leaderLabel));
        String limitation = model.control().limitation();
        if (!limitation.isEmpty()) {
            JLabel limited = new JLabel(limitation);
            limited.setForeground(new Color(0xE65100));
            header.add(left(limited));
        }
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 4));
        buttons.add(killLeader);
        buttons.add(Box.createHorizontalStrut(12));
        selectedLabel.setFont(selectedLabel.getFont().deriveFont(Font.BOLD));
        buttons.add(selectedLabel);
        for (JButton b : List.of(kill, stop, restart, removeClient)) {
            buttons.add(b);
        }
        buttons.add(Box.createHorizontalStrut(12));
        for (JButton b : List.of(addClient, register, deregister)) {
            buttons.add(b);
        }
        killLeader.setForeground(new Color(0xB71C1C));
        header.add(left(buttons));
        statusLabel.setForeground(new Color(0x37474F));
        header.add(left(statusLabel));
        return header;
    }

    private JComponent catalogColumn() {
        JPanel column = new JPanel(new BorderLayout(4, 4));
        JList<String> peerList = new JList<>(peers);
        peerList.setVisibleRowCount(3);
        column.add(titled(federated() ? "Raft peers of every datacenter" : "Raft peers", new JScrollPane(peerList)),
                BorderLayout.NORTH);
        servicesTable.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        servicesTable.setFillsViewportHeight(true);
        servicesTable.getColumnModel().getColumn(3).setCellRenderer(new HealthRenderer());
        column.add(titled("Service catalog" + ofPrimary() + " (blocking queries)", new JScrollPane(servicesTable)),
                BorderLayout.CENTER);
        return column;
    }

    private JComponent kvColumn() {
        JPanel column = new JPanel(new GridLayout(2, 1, 4, 4));
        JPanel kv = new JPanel(new BorderLayout(4, 4));
        keyList.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        keyList.addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting() && keyList.getSelectedValue() != null) {
                String key = keyList.getSelectedValue();
                keyField.setText(key);
                run("read " + key, () -> actions.kvGet(key).orElse(""), value -> valueArea.setText(value));
            }
        });
        kv.add(new JScrollPane(keyList), BorderLayout.CENTER);
        JPanel edit = new JPanel(new BorderLayout(4, 4));
        edit.add(keyField, BorderLayout.NORTH);
        edit.add(new JScrollPane(valueArea), BorderLayout.CENTER);
        JPanel kvButtons = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 0));
        JButton put = new JButton("Put");
        JButton delete = new JButton("Delete");
        put.addActionListener(e -> {
            String key = keyField.getText().trim();
            String value = valueArea.getText();
            run("put " + key, () -> {
                actions.kvPut(key, value);
                return key;
            }, k -> { });
        });
        delete.addActionListener(e -> {
            String key = keyField.getText().trim();
            run("delete " + key, () -> {
                actions.kvDelete(key);
                return key;
            }, k -> valueArea.setText(""));
        });
        kvButtons.add(put);
        kvButtons.add(delete);
        edit.add(kvButtons, BorderLayout.SOUTH);
        kv.add(edit, BorderLayout.SOUTH);
        column.add(titled("Key/value store" + ofPrimary(), kv));
        column.add(titled("Events", new JScrollPane(eventList)));
        return column;
    }

    private JComponent logColumn() {
        log.setEditable(false);
        log.setLineWrap(true);
        log.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
        JPanel column = new JPanel(new BorderLayout(4, 4));
        column.add(logTitle, BorderLayout.NORTH);
        column.add(new JScrollPane(log), BorderLayout.CENTER);
        column.setBorder(BorderFactory.createTitledBorder("Selected agent's log"));
        return column;
    }

    private void wireActions() {
        killLeader.addActionListener(e -> {
            String dc = killLeaderDatacenter();
            run("kill the leader" + (federated() ? " of " + dc : ""), () -> actions.killLeader(dc), n -> tiles.select(n));
        });
        kill.addActionListener(e -> selected().ifPresent(n -> run("kill -9 " + n, () -> {
            actions.kill(n);
            return n;
        }, x -> { })));
        stop.addActionListener(e -> selected().ifPresent(n -> run("stop " + n, () -> {
            actions.stop(n);
            return n;
        }, x -> { })));
        restart.addActionListener(e -> selected().ifPresent(n -> run("restart " + n, () -> {
            actions.restart(n);
            return n;
        }, x -> { })));
        addClient.addActionListener(e -> run("add a client", actions::addClient, tiles::select));
        removeClient.addActionListener(e -> selected().ifPresent(n -> run("remove " + n, () -> {
            actions.removeClient(n);
            return n;
        }, x -> { })));
        register.addActionListener(e -> run("register a demo service", () -> actions.registerDemoService(selected()), id -> { }));
        deregister.addActionListener(e -> {
            Optional<String> id = selectedServiceId().or(actions::newestDemoService);
            if (id.isEmpty()) {
                statusLabel.setText("No demo service to deregister: register one first, or select a service in the catalog");
                return;
            }
            run("deregister " + id.get(), () -> actions.deregisterService(id.get()), owners -> { });
        });
        servicesTable.getSelectionModel().addListSelectionListener(e -> updateButtons());
    }

    /** Runs an action off the event thread and reports how it went in the status line. */
    private <T> void run(String what, Supplier<T> action, java.util.function.Consumer<T> then) {
        statusLabel.setText(what + " ...");
        background.execute(() -> {
            try {
                T result = action.get();
                SwingUtilities.invokeLater(() -> {
                    statusLabel.setText(what + ": done");
                    then.accept(result);
                });
            } catch (RuntimeException e) {
                model.note("demo: " + what + " failed: " + e.getMessage());
                SwingUtilities.invokeLater(() -> statusLabel.setText(what + " failed: " + e.getMessage()));
            }
        });
    }

    /** Shows a new snapshot; call on the event thread. */
    public void show(ClusterSnapshot snapshot) {
        shown = snapshot;
        tiles.show(snapshot);
        if (snapshot.federated()) {
            StringJoiner each = new StringJoiner("   ");
            for (ClusterSnapshot.Datacenter dc : snapshot.datacenters()) {
                each.add(dc.name() + ": " + (dc.hasLeader() ? dc.leader() : "none, election in progress"));
            }
            leaderLabel.setText("\u2605 Leaders   " + each);
        } else {
            leaderLabel.setText(snapshot.hasLeader() ? "\u2605 Leader: " + snapshot.leader()
                    : "No leader: election in progress");
        }
        boolean leaders = snapshot.federated() ? snapshot.everyDatacenterHasALeader() : snapshot.hasLeader();
        leaderLabel.setForeground(leaders ? new Color(0x1B5E20) : new Color(0xB71C1C));
        if (snapshot.federated()) {
            List<String> all = new ArrayList<>();
            snapshot.datacenters().forEach(dc -> dc.peers().forEach(p -> all.add(dc.name() + "   " + p)));
            replace(peers, all);
        } else {
            replace(peers, snapshot.peers());
        }
        String selectedId = selectedServiceId().orElse("");
        services.setRowCount(0);
        for (ClusterSnapshot.Service s : snapshot.services()) {
            services.addRow(new Object[] {s.name(), s.id(), s.node(), s.health()});
        }
        for (int row = 0; row < services.getRowCount(); row++) {
            if (services.getValueAt(row, 1).equals(selectedId)) {
                servicesTable.setRowSelectionInterval(row, row);
            }
        }
        String selectedKey = keyList.getSelectedValue();
        replace(keys, snapshot.kvKeys());
        if (selectedKey != null && snapshot.kvKeys().contains(selectedKey)) {
            keyList.setSelectedValue(selectedKey, false);
        }
        if (replace(events, snapshot.events())) {
            eventList.ensureIndexIsVisible(events.size() - 1);
        }
        updateButtons();
    }

    /** Reloads the selected agent's log tail; call on the event thread, about twice a second. */
    public void refreshLog() {
        Optional<String> node = selected();
        if (node.isEmpty()) {
            return;
        }
        List<String> lines = model.control().recentLog(node.get(), LOG_LINES);
        if (!lines.equals(logShown)) {
            logShown = lines;
            log.setText(String.join("\n", lines));
            log.setCaretPosition(log.getDocument().getLength());
        }
    }

    private void agentSelected(String node) {
        logTitle.setText("Log: " + node + " (newest " + LOG_LINES + " lines)");
        logShown = List.of();
        refreshLog();
        updateButtons();
    }

    private void updateButtons() {
        Optional<ClusterSnapshot.Agent> agent = selected().flatMap(shown::agent);
        boolean managed = agent.isPresent() && model.control().agents().stream().anyMatch(a -> a.node().equals(agent.get().node()));
        boolean running = managed && agent.get().pid() > 0;
        ClusterControl control = model.control();
        String leaderDc = killLeaderDatacenter();
        killLeader.setText(federated() ? "Kill leader of " + leaderDc : "Kill leader");
        killLeader.setEnabled(!shown.leader(leaderDc).isEmpty());
        kill.setEnabled(running);
        stop.setEnabled(running && control.canStop());
        restart.setEnabled(managed && control.canRestart());
        addClient.setEnabled(control.canChangeClients());
        addClient.setText(federated() ? "Add client to " + datacenters.get(0) : "Add client");
        removeClient.setEnabled(managed && control.canChangeClients() && !agent.get().server());
        register.setEnabled(shown.agents(datacenters.get(0)).stream().anyMatch(a -> !a.server() && a.status() == AgentStatus.ALIVE));
        deregister.setEnabled(!shown.services().isEmpty());
        selectedLabel.setText(agent.map(a -> "Selected: " + a.node()).orElse("Select a tile:"));
    }

    private boolean federated() {
        return datacenters.size() > 1;
    }

    /** " of dc1" with several datacenters, where the catalog and KV panes show only the primary's. */
    private String ofPrimary() {
        return federated() ? " of " + datacenters.get(0) : "";
    }

    /** The selected agent's datacenter, else the primary: whose leader the Kill leader button kills. */
    private String killLeaderDatacenter() {
        return selected().flatMap(shown::agent).map(ClusterSnapshot.Agent::datacenter).orElse(datacenters.get(0));
    }

    /** The selected tile's node, if any. */
    public Optional<String> selected() {
        return tiles.selected();
    }

    /** Selects an agent as a click on its tile would. */
    public void select(String node) {
        tiles.select(node);
    }

    public TilesPanel tiles() {
        return tiles;
    }

    /** The button that kills the leader, for a scripted tour. */
    public JButton killLeaderButton() {
        return killLeader;
    }

    private Optional<String> selectedServiceId() {
        int row = servicesTable.getSelectedRow();
        return row < 0 || row >= services.getRowCount() ? Optional.empty() : Optional.of((String) services.getValueAt(row, 1));
    }

    private static boolean replace(DefaultListModel<String> model, List<String> items) {
        List<String> now = java.util.Collections.list(model.elements());
        if (now.equals(items)) {
            return false;
        }
        model.clear();
        model.addAll(items);
        return true;
    }

    private static JComponent titled(String title, JComponent content) {
        JPanel panel = new JPanel(new BorderLayout());
        panel.setBorder(BorderFactory.createTitledBorder(title));
        panel.add(content, BorderLayout.CENTER);
        return panel;
    }

    private static JComponent left(JComponent c) {
        JPanel row = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 2));
        row.add(c);
        row.setMaximumSize(new Dimension(Integer.MAX_VALUE, row.getPreferredSize().height));
        row.add(Box.createHorizontalGlue());
        return row;
    }

    /** Colours the health cell: green passing, amber warning, red critical. */
    private static final class HealthRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable table, Object value, boolean isSelected, boolean hasFocus,
                                                       int row, int column) {
            Component c = super.getTableCellRendererComponent(table, value, isSelected, hasFocus, row, column);
            if (!isSelected) {
                c.setBackground(switch (String.valueOf(value)) {
                    case "passing" -> AgentTile.ALIVE;
                    case "warning" -> AgentTile.JOINING;
                    default -> AgentTile.FAILED;
                });
            }
            return c;
        }
    }
}
