package io.github.neonmigrations.example;

import java.util.Optional;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Orders, with JPA, over the application's pool (the pooled endpoint).
 */
interface OrderRepository extends JpaRepository<Order, Long> {

	/**
	 * Finds an order with its notes, in one query.
	 * @param id the order's id
	 * @return the order, if there is one
	 */
	@EntityGraph(attributePaths = "notes")
	Optional<Order> findWithNotesById(long id);

}
