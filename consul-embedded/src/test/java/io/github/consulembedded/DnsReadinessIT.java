package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Ready means DNS agrees: the moment {@code start()} returns, an SRV query for the consul service
 * to any agent's DNS port answers every server. Uses the JDK's own DNS provider (UDP).
 */
class DnsReadinessIT {

    @RepeatedTest(2)
    void everyAgentAnswersEveryServerRightAfterStart() throws NamingException {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).binary(RealConsul.binary()).start()) {
            List<String> expected = cluster.servers().stream()
                    .map(s -> s.ports().server() + " " + s.node() + ".node." + cluster.datacenter() + "." + cluster.domain() + ".")
                    .toList();
            for (ConsulAgent agent : cluster.agents()) {
                assertThat(srvTargets(agent, "consul.service." + cluster.domain()))
                        .as("SRV consul.service.%s asked of %s", cluster.domain(), agent.node())
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    /** Each SRV record's port and target ("priority weight port target"). */
    private static List<String> srvTargets(ConsulAgent agent, String name) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://" + agent.dnsAddress().getHostString() + ":" + agent.dnsAddress().getPort());
        env.put("com.sun.jndi.dns.recursion", "false");
        List<String> targets = new ArrayList<>();
        InitialDirContext dns = new InitialDirContext(env);
        try {
            Attribute srv = dns.getAttributes(name, new String[] {"SRV"}).get("SRV");
            if (srv != null) {
                NamingEnumeration<?> records = srv.getAll();
                while (records.hasMore()) {
                    String[] fields = records.next().toString().split(" ");
                    targets.add(fields[2] + " " + fields[3]);
                }
            }
        } finally {
            dns.close();
        }
        return targets;
    }
}
