package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ConsulTls;
import io.github.consulembedded.junit.EmbeddedConsulCluster.AclToken;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Datacenter;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Node;
import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What the extension can tell is wrong before any cluster starts: a {@code @Node} that names no
 * agent the cluster will have or sits on a type it cannot inject, an {@code @AclToken} on
 * something other than a String or on a cluster without ACLs, and {@code ConsulTls} without TLS.
 */
final class MisuseCheck {
    private MisuseCheck() {
    }

    /** Checks the constructors and JUnit-annotated methods of {@code testClass} and its superclasses. */
    static void check(Class<?> testClass, ClassSettings settings) {
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Executable executable : executables(c)) {
                Parameter[] parameters = executable.getParameters();
                for (int i = 0; i < parameters.length; i++) {
                    check(executable, i, parameters[i], settings);
                }
            }
        }
    }

    private static List<Executable> executables(Class<?> c) {
        List<Executable> all = new ArrayList<>(List.of(c.getDeclaredConstructors()));
        for (Method m : c.getDeclaredMethods()) {
            if (isJUnitMethod(m)) {
                all.add(m);
            }
        }
        return all;
    }

    private static boolean isJUnitMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a.annotationType().getPackageName().startsWith("org.junit.jupiter")) {
                return true;
            }
        }
        return false;
    }

    private static void check(Executable executable, int index, Parameter parameter, ClassSettings settings) {
        Class<?> type = parameter.getType();
        Node node = parameter.getAnnotation(Node.class);
        if (node != null) {
            if (type != ConsulAgent.class && type != ConsulHttp.class && type != URI.class) {
                throw new ExtensionConfigurationException("@EmbeddedConsulCluster.Node(\"" + node.value() + "\") on "
                        + describe(executable, index, parameter) + ": the extension injects a node as ConsulAgent, "
                        + "ConsulHttp or URI, not as " + type.getName());
            }
            if (!settings.hasNode(node.value())) {
                List<String> nodes = settings.allNodes();
                throw new ExtensionConfigurationException("@EmbeddedConsulCluster.Node(\"" + node.value() + "\") on "
                        + describe(executable, index, parameter) + " names no agent of the cluster; its nodes are " + nodes);
            }
        }
        Datacenter datacenter = parameter.getAnnotation(Datacenter.class);
        if (datacenter != null) {
            if (type != ConsulAgent.class && type != ConsulHttp.class && type != URI.class) {
                throw new ExtensionConfigurationException("@EmbeddedConsulCluster.Datacenter(\"" + datacenter.value() + "\") on "
                        + describe(executable, index, parameter) + ": the extension injects a datacenter's agent as "
                        + "ConsulAgent, ConsulHttp or URI, not as " + type.getName());
            }
            if (!settings.cluster().datacenters().contains(datacenter.value())) {
                throw new ExtensionConfigurationException("@EmbeddedConsulCluster.Datacenter(\"" + datacenter.value() + "\") on "
                        + describe(executable, index, parameter) + " names no datacenter of the cluster; its datacenters are "
                        + settings.cluster().datacenters());
            }
        }
        if (parameter.isAnnotationPresent(AclToken.class)) {
            if (type != String.class) {
                throw new ExtensionConfigurationException("@EmbeddedConsulCluster.AclToken on " + describe(executable, index, parameter)
                        + ": the extension injects the ACL master token as String, not as " + type.getName());
            }
            if (!settings.cluster().acl()) {
                throw new ExtensionConfigurationException("@EmbeddedConsulCluster.AclToken on " + describe(executable, index, parameter)
                        + ": the cluster runs without ACLs; " + settings.howToTurnOn("acl"));
            }
        }
        if (type == ConsulTls.class && !settings.cluster().tls()) {
            throw new ExtensionConfigurationException("ConsulTls for " + describe(executable, index, parameter)
                    + ": the cluster runs without TLS; " + settings.howToTurnOn("tls"));
        }
    }

    /** Names a parameter as JUnit's ParameterContext-based messages do: index, declaration and owner. */
    static String describe(Executable executable, int index, Parameter parameter) {
        String owner = executable.getDeclaringClass().getName();
        String where = executable instanceof Method m ? owner + "#" + m.getName() : "the constructor of " + owner;
        return "parameter " + index + " (" + parameter + ") of " + where;
    }
}
