package io.conntrack.benchspring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Pets. */
public interface PetRepository extends JpaRepository<Pet, Long> {

    List<Pet> findBySpecies(String species);

    long countByOwner(Owner owner);
}
