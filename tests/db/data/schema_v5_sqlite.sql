-- The SQLite schema of the fifth release (schema version 5), frozen for upgrade tests.
CREATE TABLE "audit_event" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "user" VARCHAR(100) NOT NULL, "action" VARCHAR(50) NOT NULL, "object" VARCHAR(300) NOT NULL, "detail" TEXT NOT NULL);
CREATE TABLE "category" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(100) NOT NULL, "expiry_warning_days" INTEGER, "active" INTEGER NOT NULL);
CREATE TABLE "location" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(100) NOT NULL, "active" INTEGER NOT NULL);
CREATE TABLE "supplier" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(200) NOT NULL, "account_number" VARCHAR(100) NOT NULL, "contact" VARCHAR(200) NOT NULL, "phone" VARCHAR(100) NOT NULL, "email" VARCHAR(200) NOT NULL, "address" TEXT NOT NULL, "lead_time_days" INTEGER NOT NULL, "notes" TEXT NOT NULL, "active" INTEGER NOT NULL, "order_layout" TEXT NOT NULL);
CREATE TABLE "item" ("id" INTEGER NOT NULL PRIMARY KEY, "sku" VARCHAR(64) NOT NULL, "name" VARCHAR(300) NOT NULL, "category_id" INTEGER, "location_id" INTEGER, "unit" VARCHAR(50) NOT NULL, "purchase_unit" VARCHAR(50) NOT NULL, "units_per_purchase_unit" INTEGER NOT NULL, "supplier_id" INTEGER, "supplier_sku" VARCHAR(100) NOT NULL, "unit_cost" INTEGER NOT NULL, "reorder_point" INTEGER NOT NULL, "par_level" INTEGER, "tracks_expiry" INTEGER NOT NULL, "expiry_warning_days" INTEGER, "barcode" VARCHAR(100), "notes" TEXT NOT NULL, "active" INTEGER NOT NULL, "on_hand" INTEGER NOT NULL, FOREIGN KEY ("category_id") REFERENCES "category" ("id") ON DELETE RESTRICT, FOREIGN KEY ("location_id") REFERENCES "location" ("id") ON DELETE RESTRICT, FOREIGN KEY ("supplier_id") REFERENCES "supplier" ("id") ON DELETE RESTRICT);
CREATE TABLE "lot" ("id" INTEGER NOT NULL PRIMARY KEY, "item_id" INTEGER NOT NULL, "lot_number" VARCHAR(100) NOT NULL, "expires_on" DATE, "quantity" INTEGER NOT NULL, FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE RESTRICT);
CREATE TABLE "purchase_order" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(40) NOT NULL, "supplier_id" INTEGER NOT NULL, "status" VARCHAR(20) NOT NULL, "created_at" DATETIME NOT NULL, "created_by" VARCHAR(100) NOT NULL, "ordered_on" DATE, "expected_on" DATE, "notes" TEXT NOT NULL, FOREIGN KEY ("supplier_id") REFERENCES "supplier" ("id") ON DELETE RESTRICT);
CREATE TABLE "purchase_order_line" ("id" INTEGER NOT NULL PRIMARY KEY, "order_id" INTEGER NOT NULL, "line_no" INTEGER NOT NULL, "item_id" INTEGER NOT NULL, "description" VARCHAR(300) NOT NULL, "supplier_sku" VARCHAR(100) NOT NULL, "purchase_unit" VARCHAR(50) NOT NULL, "units_per_purchase_unit" INTEGER NOT NULL, "quantity" INTEGER NOT NULL, "received" INTEGER NOT NULL, "unit_cost" INTEGER NOT NULL, FOREIGN KEY ("order_id") REFERENCES "purchase_order" ("id") ON DELETE CASCADE, FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE RESTRICT);
CREATE TABLE "movement" ("id" INTEGER NOT NULL PRIMARY KEY, "item_id" INTEGER NOT NULL, "lot_id" INTEGER, "kind" VARCHAR(20) NOT NULL, "quantity" INTEGER NOT NULL, "reason" VARCHAR(50) NOT NULL, "note" TEXT NOT NULL, "user" VARCHAR(100) NOT NULL, "created_at" DATETIME NOT NULL, "reversal_of_id" INTEGER, "po_line_id" INTEGER, FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE RESTRICT, FOREIGN KEY ("lot_id") REFERENCES "lot" ("id") ON DELETE RESTRICT, FOREIGN KEY ("reversal_of_id") REFERENCES "movement" ("id") ON DELETE RESTRICT, FOREIGN KEY ("po_line_id") REFERENCES "purchase_order_line" ("id") ON DELETE RESTRICT);
CREATE TABLE "operation" ("key" VARCHAR(64) NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL);
CREATE TABLE "schema_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL);
CREATE TABLE "setting" ("key" VARCHAR(100) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "stock_count" ("id" INTEGER NOT NULL PRIMARY KEY, "title" VARCHAR(300) NOT NULL, "location_id" INTEGER, "category_id" INTEGER, "status" VARCHAR(20) NOT NULL, "note" TEXT NOT NULL, "started_at" DATETIME NOT NULL, "started_by" VARCHAR(100) NOT NULL, "closed_at" DATETIME, "closed_by" VARCHAR(100) NOT NULL, FOREIGN KEY ("location_id") REFERENCES "location" ("id") ON DELETE RESTRICT, FOREIGN KEY ("category_id") REFERENCES "category" ("id") ON DELETE RESTRICT);
CREATE TABLE "stock_count_line" ("id" INTEGER NOT NULL PRIMARY KEY, "stock_count_id" INTEGER NOT NULL, "item_id" INTEGER NOT NULL, "lot_id" INTEGER, "expected" INTEGER NOT NULL, "snapshot_at" DATETIME NOT NULL, "counted" INTEGER, "counted_at" DATETIME, "counted_by" VARCHAR(100) NOT NULL, "posted" INTEGER, "note" VARCHAR(300) NOT NULL, FOREIGN KEY ("stock_count_id") REFERENCES "stock_count" ("id") ON DELETE CASCADE, FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE CASCADE, FOREIGN KEY ("lot_id") REFERENCES "lot" ("id") ON DELETE CASCADE);
CREATE TABLE "user_account" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(100) NOT NULL, "name_key" VARCHAR(100) NOT NULL, "role" VARCHAR(20) NOT NULL, "password_hash" VARCHAR(300) NOT NULL, "active" INTEGER NOT NULL, "failed_attempts" INTEGER NOT NULL, "locked_until" DATETIME, "created_at" DATETIME NOT NULL, "last_sign_in" DATETIME);
CREATE INDEX "audit_event_at" ON "audit_event" ("at");
CREATE INDEX "audit_event_user" ON "audit_event" ("user");
CREATE INDEX "audit_event_action" ON "audit_event" ("action");
CREATE UNIQUE INDEX "category_name" ON "category" ("name");
CREATE UNIQUE INDEX "location_name" ON "location" ("name");
CREATE UNIQUE INDEX "supplier_name" ON "supplier" ("name");
CREATE UNIQUE INDEX "item_sku" ON "item" ("sku");
CREATE INDEX "item_category_id" ON "item" ("category_id");
CREATE INDEX "item_location_id" ON "item" ("location_id");
CREATE INDEX "item_supplier_id" ON "item" ("supplier_id");
CREATE INDEX "item_barcode" ON "item" ("barcode");
CREATE INDEX "lot_item_id" ON "lot" ("item_id");
CREATE INDEX "lot_item_id_expires_on" ON "lot" ("item_id", "expires_on");
CREATE UNIQUE INDEX "lot_item_id_lot_number_numbered" ON "lot" ("item_id", "lot_number") WHERE ("lot_number" != '');
CREATE UNIQUE INDEX "lot_item_id_expires_on_unnumbered" ON "lot" ("item_id", "expires_on") WHERE ("lot_number" = '');
CREATE UNIQUE INDEX "purchase_order_number" ON "purchase_order" ("number");
CREATE INDEX "purchase_order_supplier_id" ON "purchase_order" ("supplier_id");
CREATE INDEX "purchase_order_status" ON "purchase_order" ("status");
CREATE INDEX "purchase_order_line_order_id" ON "purchase_order_line" ("order_id");
CREATE INDEX "purchase_order_line_item_id" ON "purchase_order_line" ("item_id");
CREATE UNIQUE INDEX "purchase_order_line_order_id_line_no" ON "purchase_order_line" ("order_id", "line_no");
CREATE INDEX "movement_item_id" ON "movement" ("item_id");
CREATE INDEX "movement_lot_id" ON "movement" ("lot_id");
CREATE INDEX "movement_created_at" ON "movement" ("created_at");
CREATE UNIQUE INDEX "movement_reversal_of_id" ON "movement" ("reversal_of_id");
CREATE INDEX "movement_po_line_id" ON "movement" ("po_line_id");
CREATE INDEX "stock_count_location_id" ON "stock_count" ("location_id");
CREATE INDEX "stock_count_category_id" ON "stock_count" ("category_id");
CREATE INDEX "stock_count_status" ON "stock_count" ("status");
CREATE INDEX "stock_count_line_stock_count_id" ON "stock_count_line" ("stock_count_id");
CREATE INDEX "stock_count_line_item_id" ON "stock_count_line" ("item_id");
CREATE INDEX "stock_count_line_lot_id" ON "stock_count_line" ("lot_id");
CREATE INDEX "stock_count_line_stock_count_id_item_id_lot_id" ON "stock_count_line" ("stock_count_id", "item_id", "lot_id");
CREATE UNIQUE INDEX "user_account_name_key" ON "user_account" ("name_key");
CREATE TRIGGER movement_no_update BEFORE UPDATE ON movement
        BEGIN SELECT RAISE(ABORT, 'movement rows cannot be changed; record a reversal'); END;
CREATE TRIGGER movement_no_delete BEFORE DELETE ON movement
        BEGIN SELECT RAISE(ABORT, 'movement rows cannot be deleted; record a reversal'); END;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event rows cannot be changed; record a reversal'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event rows cannot be deleted; record a reversal'); END;
INSERT INTO schema_version (version) VALUES (5);
