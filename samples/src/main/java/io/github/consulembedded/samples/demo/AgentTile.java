package io.github.consulembedded.samples.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.util.Locale;
import javax.swing.JComponent;

/**
 * One agent drawn as a tile: node name, role, pid, status in words and colour, and a gold star
 * with a thick gold frame on the leader.
 */
public final class AgentTile extends JComponent {
    static final Color ALIVE = new Color(0xC8E6C9);
    static final Color FAILED = new Color(0xFFCDD2);
    static final Color LEFT = new Color(0xDDDDDD);
    static final Color RESTARTING = new Color(0xFFE0B2);
    static final Color JOINING = new Color(0xFFF9C4);
    static final Color GOLD = new Color(0xF9A825);
    static final Color SELECTED = new Color(0x1565C0);
    /** Room kept free right of the node name for the leader's star (centred 30 px from the edge, 16 px radius). */
    static final int NAME_CLEARANCE = 50;

    private ClusterSnapshot.Agent agent;
    private boolean selected;

    public AgentTile(ClusterSnapshot.Agent agent) {
        this.agent = agent;
        setPreferredSize(new Dimension(190, 118));
        setToolTipText("Click to select " + agent.node() + " for the actions and the log");
    }

    public ClusterSnapshot.Agent agent() {
        return agent;
    }

    public void setAgent(ClusterSnapshot.Agent agent) {
        if (!agent.equals(this.agent)) {
            this.agent = agent;
            repaint();
        }
    }

    public boolean isSelected() {
        return selected;
    }

    public void setSelected(boolean selected) {
        if (selected != this.selected) {
            this.selected = selected;
            repaint();
        }
    }

    /** The fill colour for a status. */
    static Color colourOf(AgentStatus status) {
        return switch (status) {
            case ALIVE -> ALIVE;
            case FAILED -> FAILED;
            case LEFT -> LEFT;
            case RESTARTING -> RESTARTING;
            case JOINING -> JOINING;
        };
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = (Graphics2D) graphics.create();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int w = getWidth();
            int h = getHeight();
            g.setColor(colourOf(agent.status()));
            g.fillRoundRect(2, 2, w - 4, h - 4, 16, 16);
            if (agent.leader()) {
                g.setColor(GOLD);
                g.setStroke(new BasicStroke(5f));
            } else {
                g.setColor(selected ? SELECTED : Color.GRAY);
                g.setStroke(new BasicStroke(selected ? 3f : 1f));
            }
            g.drawRoundRect(3, 3, w - 7, h - 7, 16, 16);
            if (selected && agent.leader()) {
                g.setColor(SELECTED);
                g.setStroke(new BasicStroke(2f));
                g.drawRoundRect(8, 8, w - 17, h - 17, 12, 12);
            }

            Font base = getFont() != null ? getFont() : new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            g.setColor(Color.BLACK);
            g.setFont(nameFont(g, base, agent.node(), w - 14 - NAME_CLEARANCE));
            g.drawString(agent.node(), 14, 26);
            g.setFont(base.deriveFont(Font.PLAIN, 12f));
            g.drawString(agent.role() + (agent.pid() > 0 ? "   pid " + agent.pid() : "   no process"), 14, 46);
            g.drawString("gossip: " + agent.gossip(), 14, 64);
            g.setFont(base.deriveFont(Font.BOLD, 16f));
            g.setColor(agent.status() == AgentStatus.ALIVE ? new Color(0x1B5E20)
                    : agent.status() == AgentStatus.FAILED ? new Color(0xB71C1C) : new Color(0x5D4037));
            g.drawString(agent.status().name().toLowerCase(Locale.ROOT), 14, h - 20);
            if (agent.leader()) {
                g.setColor(GOLD.darker());
                g.setFont(base.deriveFont(Font.BOLD, 12f));
                g.drawString("LEADER", w - 66, h - 20);
                g.setColor(GOLD);
                g.fill(star(w - 30, 28, 16, 7));
                g.setColor(GOLD.darker());
                g.setStroke(new BasicStroke(1f));
                g.draw(star(w - 30, 28, 16, 7));
            }
        } finally {
            g.dispose();
        }
    }

    /**
     * Bold 14 pt, or smaller for a name that would run under the leader's star (such as
     * {@code consul-server-1-dc2}); the same on every tile whatever its role, so it does not jump.
     */
    private static Font nameFont(Graphics2D g, Font base, String name, int room) {
        Font font = base.deriveFont(Font.BOLD, 14f);
        while (font.getSize2D() > 10f && g.getFontMetrics(font).stringWidth(name) > room) {
            font = font.deriveFont(font.getSize2D() - 0.5f);
        }
        return font;
    }

    private static Polygon star(int cx, int cy, int outer, int inner) {
        Polygon p = new Polygon();
        for (int i = 0; i < 10; i++) {
            double angle = Math.PI / 2 + i * Math.PI / 5;
            int r = i % 2 == 0 ? outer : inner;
            p.addPoint(cx + (int) Math.round(r * Math.cos(angle)), cy - (int) Math.round(r * Math.sin(angle)));
        }
        return p;
    }
}
