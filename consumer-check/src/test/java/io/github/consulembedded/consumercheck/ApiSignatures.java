package io.github.consulembedded.consumercheck;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks the public and protected signatures of a class, as a user compiling against it sees them,
 * and reports every type in them that {@code allowed} rejects.
 */
final class ApiSignatures {
    /** One type a signature names that it should not: where, and which type. */
    record Violation(String owner, String member, String type) {
        @Override
        public String toString() {
            return owner + " | " + member + " | " + type;
        }
    }

    private final Predicate<Class<?>> allowed;

    ApiSignatures(Predicate<Class<?>> allowed) {
        this.allowed = allowed;
    }

    /** Whether code outside the library can name {@code type}: public, or a public/protected member of such a class. */
    static boolean isVisible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            int m = c.getModifiers();
            boolean open = c.getDeclaringClass() == null ? Modifier.isPublic(m) : Modifier.isPublic(m) || Modifier.isProtected(m);
            if (!open || c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    List<Violation> check(Class<?> type) {
        List<Violation> found = new ArrayList<>();
        String owner = type.getName();
        Sink classLevel = new Sink(found, owner, "class");
        if (type.getGenericSuperclass() != null) {
            classLevel.at("extends").type(type.getGenericSuperclass());
        }
        for (Type i : type.getGenericInterfaces()) {
            classLevel.at("implements").type(i);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            classLevel.at("type parameter " + v.getName()).bounds(v);
        }
        classLevel.at("annotation").annotations(type);
        // Members a user reaches through this class: its own, and those it inherits from the library's
        // other (maybe package-private) classes and interfaces.
        for (Class<?> declarer : libraryAncestry(type)) {
            for (Field f : declarer.getDeclaredFields()) {
                if (exposed(f)) {
                    Sink s = new Sink(found, owner, describe(declarer, type, "field " + f.getName()));
                    s.type(f.getGenericType());
                    s.annotations(f);
                }
            }
            for (Constructor<?> c : declarer == type ? type.getDeclaredConstructors() : new Constructor<?>[0]) {
                if (exposed(c)) {
                    executable(found, owner, "constructor " + c.toGenericString(), c);
                }
            }
            for (Method m : declarer.getDeclaredMethods()) {
                if (exposed(m)) {
                    executable(found, owner, describe(declarer, type, "method " + m.toGenericString()), m);
                    new Sink(found, owner, describe(declarer, type, "method " + m.toGenericString()))
                            .at("returns").type(m.getGenericReturnType());
                }
            }
        }
        return found;
    }

    private void executable(List<Violation> found, String owner, String member, Executable e) {
        Sink s = new Sink(found, owner, member);
        for (Type p : e.getGenericParameterTypes()) {
            s.at("parameter").type(p);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            s.at("throws").type(t);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            s.at("type parameter " + v.getName()).bounds(v);
        }
        s.at("annotation").annotations(e);
        for (Parameter p : e.getParameters()) {
            s.at("parameter annotation").annotations(p);
        }
    }

    private static String describe(Class<?> declarer, Class<?> type, String member) {
        return declarer == type ? member : member + " (inherited from " + declarer.getName() + ")";
    }

    private static boolean exposed(Member m) {
        int mod = m.getModifiers();
        return (Modifier.isPublic(mod) || Modifier.isProtected(mod)) && !m.isSynthetic();
    }

    /** The class, then its superclasses and superinterfaces that belong to the library. */
    private static Set<Class<?>> libraryAncestry(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> c = todo.remove(0);
            if (c == null || !c.getName().startsWith("io.github.consulembedded.") || !all.add(c)) {
                continue;
            }
            todo.add(c.getSuperclass());
            todo.addAll(List.of(c.getInterfaces()));
        }
        return all;
    }

    /** Collects the rejected types of one member, looking through generics, arrays and bounds. */
    private final class Sink {
        private final List<Violation> found;
        private final String owner;
        private final String member;
        private final String where;
        private final Set<Type> visiting;

        Sink(List<Violation> found, String owner, String member) {
            this(found, owner, member, "", Collections.newSetFromMap(new IdentityHashMap<>()));
        }

        private Sink(List<Violation> found, String owner, String member, String where, Set<Type> visiting) {
            this.found = found;
            this.owner = owner;
            this.member = member;
            this.where = where;
            this.visiting = visiting;
        }

        Sink at(String where) {
            return new Sink(found, owner, member, where, visiting);
        }

        void type(Type t) {
            if (t instanceof Class<?> c) {
                Class<?> base = c;
                while (base.isArray()) {
                    base = base.getComponentType();
                }
                if (!base.isPrimitive() && !allowed.test(base)) {
                    String label = where.isEmpty() ? member : member + " [" + where + "]";
                    Violation v = new Violation(owner, label, base.getName());
                    if (!found.contains(v)) {
                        found.add(v);
                    }
                }
            } else if (t instanceof ParameterizedType p) {
                type(p.getRawType());
                if (p.getOwnerType() != null) {
                    type(p.getOwnerType());
                }
                for (Type a : p.getActualTypeArguments()) {
                    type(a);
                }
            } else if (t instanceof WildcardType w) {
                for (Type b : w.getUpperBounds()) {
                    type(b);
                }
                for (Type b : w.getLowerBounds()) {
                    type(b);
                }
            } else if (t instanceof GenericArrayType a) {
                type(a.getGenericComponentType());
            } else if (t instanceof TypeVariable<?> v) {
                bounds(v);
            }
        }

        void bounds(TypeVariable<?> v) {
            if (visiting.add(v)) {
                for (Type b : v.getBounds()) {
                    type(b);
                }
            }
        }

        void annotations(AnnotatedElement element) {
            for (Annotation a : element.getDeclaredAnnotations()) {
                type(a.annotationType());
            }
        }
    }
}
