package io.github.neonmigrations.example;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.CreationTimestamp;
import org.jspecify.annotations.Nullable;

/**
 * An order, with the notes written about it. Mapped with JPA; the migrations that create
 * its table were generated from this class with {@code neon-migrations:generate}.
 */
@Entity
@Table(name = "orders")
public class Order {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(nullable = false)
	private String customer;

	@Column(nullable = false, precision = 12, scale = 2)
	private BigDecimal total;

	@CreationTimestamp
	@Column(nullable = false, updatable = false)
	private @Nullable OffsetDateTime createdAt;

	@OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
	@OrderBy("id")
	private List<NoteEntity> notes = new ArrayList<>();

	@SuppressWarnings("NullAway.Init") // JPA sets the fields
	protected Order() {
	}

	public Order(String customer, BigDecimal total) {
		this.customer = customer;
		this.total = total;
	}

	/**
	 * Writes a note about this order, saved with it.
	 * @param title the title
	 * @param body the text
	 * @return the note
	 */
	public NoteEntity addNote(String title, String body) {
		NoteEntity note = new NoteEntity(this, title, body);
		this.notes.add(note);
		return note;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getCustomer() {
		return this.customer;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public @Nullable OffsetDateTime getCreatedAt() {
		return this.createdAt;
	}

	public List<NoteEntity> getNotes() {
		return this.notes;
	}

}
