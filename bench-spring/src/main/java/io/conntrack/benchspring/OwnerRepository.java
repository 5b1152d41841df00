package io.conntrack.benchspring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Owners, with a derived query and a fetch-join query. */
public interface OwnerRepository extends JpaRepository<Owner, Long> {

    List<Owner> findByLastNameStartingWithOrderByLastName(String prefix);

    @Query("select distinct o from Owner o left join fetch o.pets order by o.lastName, o.firstName")
    List<Owner> findAllWithPets();
}
