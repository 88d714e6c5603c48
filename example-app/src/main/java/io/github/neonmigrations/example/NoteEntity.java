package io.github.neonmigrations.example;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CheckConstraint;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code notes} as JPA maps it, with the order it is about, if any. The HTTP API
 * reads and writes notes as {@link Note} with {@link NoteRepository}; the column types
 * are those of the migrations that created the table.
 */
@Entity
@Table(name = "notes", indexes = @Index(name = "notes_order_id_idx", columnList = "order_id"))
public class NoteEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(nullable = false, columnDefinition = "text", check = @CheckConstraint(constraint = "title <> ''"))
	private String title;

	@Column(nullable = false, columnDefinition = "text")
	private String body;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(nullable = false, columnDefinition = "text[]")
	private List<String> tags = new ArrayList<>();

	@CreationTimestamp
	@Column(nullable = false, updatable = false, columnDefinition = "timestamptz")
	private @Nullable OffsetDateTime createdAt;

	@ManyToOne(fetch = FetchType.LAZY)
	@JoinColumn(name = "order_id", foreignKey = @ForeignKey(name = "notes_order_id_fkey"))
	private @Nullable Order order;

	@SuppressWarnings("NullAway.Init") // JPA sets the fields
	protected NoteEntity() {
	}

	NoteEntity(Order order, String title, String body) {
		this.order = order;
		this.title = title;
		this.body = body;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public String getBody() {
		return this.body;
	}

	public List<String> getTags() {
		return this.tags;
	}

	public @Nullable OffsetDateTime getCreatedAt() {
		return this.createdAt;
	}

	public @Nullable Order getOrder() {
		return this.order;
	}

}
