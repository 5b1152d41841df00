package io.conntrack.benchspring;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Loads the sample data and answers the controller's reads, each in a transaction. */
@Service
public class ClinicService {

    /** One owner as served by GET /owners. */
    public record OwnerView(long id, String name, String city, List<PetView> pets) {
    }

    /** One pet as served by GET /owners. */
    public record PetView(long id, String name, String species, long visits) {
    }

    private static final String[] FIRST = {"George", "Betty", "Eduardo", "Harold", "Peter", "Jean", "Jeff", "Maria", "David", "Carlos"};
    private static final String[] LAST = {"Franklin", "Davis", "Rodriquez", "Black", "McTavish", "Coleman", "Escobito", "Schroeder", "Estaban", "Lopez"};
    private static final String[] CITY = {"Madison", "Sun Prairie", "McFarland", "Windsor", "Monona"};
    private static final String[] SPECIES = {"cat", "dog", "lizard", "snake", "bird", "hamster"};

    private final OwnerRepository owners;
    private final PetRepository pets;
    private final VisitRepository visits;
    private final VetRepository vets;

    public ClinicService(OwnerRepository owners, PetRepository pets, VisitRepository visits, VetRepository vets) {
        this.owners = owners;
        this.pets = pets;
        this.visits = visits;
        this.vets = vets;
    }

    /** 5 vets, 20 owners with 2-3 pets each, 2 visits per pet. */
    @Transactional
    public void loadSampleData() {
        List<Vet> allVets = vets.saveAll(List.of(new Vet("James Carter"), new Vet("Helen Leary", "radiology"),
                new Vet("Linda Douglas", "surgery", "dentistry"), new Vet("Rafael Ortega", "surgery"),
                new Vet("Henry Stevens", "radiology")));
        LocalDate day = LocalDate.of(2025, 1, 6);
        for (int i = 0; i < 20; i++) {
            Owner o = new Owner(FIRST[i % FIRST.length], LAST[(i * 3) % LAST.length], CITY[i % CITY.length]);
            for (int p = 0; p < 2 + i % 2; p++) {
                Pet pet = o.addPet("pet-" + i + "-" + p, SPECIES[(i + p) % SPECIES.length]);
                pet.addVisit(day.plusDays(i + p), "check-up", allVets.get((i + p) % allVets.size()));
                pet.addVisit(day.plusDays(30 + i + p), "vaccination", allVets.get((i + 2 * p) % allVets.size()));
            }
            owners.save(o);
        }
    }

    @Transactional(readOnly = true)
    public List<OwnerView> allOwners() {
        Map<Long, Long> visitCounts = new HashMap<>();
        for (Object[] row : visits.countPerPet()) {
            visitCounts.put((Long) row[0], (Long) row[1]);
        }
        return owners.findAllWithPets().stream()
                .map(o -> new OwnerView(o.getId(), o.getFirstName() + " " + o.getLastName(), o.getCity(),
                        o.getPets().stream()
                                .map(p -> new PetView(p.getId(), p.getName(), p.getSpecies(), visitCounts.getOrDefault(p.getId(), 0L)))
                                .toList()))
                .toList();
    }

    @Transactional(readOnly = true)
    public long petCount() {
        return pets.count();
    }
}
