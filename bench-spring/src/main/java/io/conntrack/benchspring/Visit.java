package io.conntrack.benchspring;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import java.time.LocalDate;

/** A visit of a pet to a vet. */
@Entity
public class Visit {

    @Id
    @GeneratedValue
    private Long id;
    private LocalDate date;
    private String description;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Pet pet;

    @ManyToOne(fetch = FetchType.LAZY)
    private Vet vet;

    protected Visit() {
    }

    Visit(Pet pet, LocalDate date, String description, Vet vet) {
        this.pet = pet;
        this.date = date;
        this.description = description;
        this.vet = vet;
    }

    public Long getId() {
        return id;
    }

    public LocalDate getDate() {
        return date;
    }

    public String getDescription() {
        return description;
    }

    public Pet getPet() {
        return pet;
    }

    public Vet getVet() {
        return vet;
    }
}
