package io.conntrack.benchspring;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import java.util.LinkedHashSet;
import java.util.Set;

/** A veterinarian with specialties. */
@Entity
public class Vet {

    @Id
    @GeneratedValue
    private Long id;
    private String name;

    @ElementCollection
    private Set<String> specialties = new LinkedHashSet<>();

    protected Vet() {
    }

    public Vet(String name, String... specialties) {
        this.name = name;
        this.specialties.addAll(Set.of(specialties));
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Set<String> getSpecialties() {
        return specialties;
    }
}
