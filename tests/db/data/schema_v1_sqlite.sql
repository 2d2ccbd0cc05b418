-- Schema version 1 as created by the first release (SQLite), for upgrade tests.
CREATE TABLE "category" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(100) NOT NULL, "expiry_warning_days" INTEGER, "active" INTEGER NOT NULL);
CREATE TABLE "item" ("id" INTEGER NOT NULL PRIMARY KEY, "sku" VARCHAR(64) NOT NULL, "name" VARCHAR(300) NOT NULL, "category_id" INTEGER, "location_id" INTEGER, "unit" VARCHAR(50) NOT NULL, "purchase_unit" VARCHAR(50) NOT NULL, "units_per_purchase_unit" INTEGER NOT NULL, "supplier_id" INTEGER, "supplier_sku" VARCHAR(100) NOT NULL, "unit_cost" DECIMAL(12, 2) NOT NULL, "reorder_point" INTEGER NOT NULL, "par_level" INTEGER, "tracks_expiry" INTEGER NOT NULL, "expiry_warning_days" INTEGER, "barcode" VARCHAR(100), "notes" TEXT NOT NULL, "active" INTEGER NOT NULL, "on_hand" INTEGER NOT NULL, FOREIGN KEY ("category_id") REFERENCES "category" ("id") ON DELETE RESTRICT, FOREIGN KEY ("location_id") REFERENCES "location" ("id") ON DELETE RESTRICT, FOREIGN KEY ("supplier_id") REFERENCES "supplier" ("id") ON DELETE RESTRICT);
CREATE TABLE "location" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(100) NOT NULL, "active" INTEGER NOT NULL);
CREATE TABLE "lot" ("id" INTEGER NOT NULL PRIMARY KEY, "item_id" INTEGER NOT NULL, "lot_number" VARCHAR(100) NOT NULL, "expires_on" DATE, "quantity" INTEGER NOT NULL, FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE RESTRICT);
CREATE TABLE "movement" ("id" INTEGER NOT NULL PRIMARY KEY, "item_id" INTEGER NOT NULL, "lot_id" INTEGER, "kind" VARCHAR(20) NOT NULL, "quantity" INTEGER NOT NULL, "reason" VARCHAR(50) NOT NULL, "note" TEXT NOT NULL, "user" VARCHAR(100) NOT NULL, "created_at" DATETIME NOT NULL, "reversal_of_id" INTEGER, FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE RESTRICT, FOREIGN KEY ("lot_id") REFERENCES "lot" ("id") ON DELETE RESTRICT, FOREIGN KEY ("reversal_of_id") REFERENCES "movement" ("id") ON DELETE RESTRICT);
CREATE TABLE "schema_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL);
CREATE TABLE "setting" ("key" VARCHAR(100) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "supplier" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(200) NOT NULL, "account_number" VARCHAR(100) NOT NULL, "contact" VARCHAR(200) NOT NULL, "phone" VARCHAR(100) NOT NULL, "email" VARCHAR(200) NOT NULL, "address" TEXT NOT NULL, "lead_time_days" INTEGER NOT NULL, "notes" TEXT NOT NULL, "active" INTEGER NOT NULL);
CREATE UNIQUE INDEX "category_name" ON "category" ("name");
CREATE INDEX "item_barcode" ON "item" ("barcode");
CREATE INDEX "item_category_id" ON "item" ("category_id");
CREATE INDEX "item_location_id" ON "item" ("location_id");
CREATE UNIQUE INDEX "item_sku" ON "item" ("sku");
CREATE INDEX "item_supplier_id" ON "item" ("supplier_id");
CREATE UNIQUE INDEX "location_name" ON "location" ("name");
CREATE INDEX "lot_item_id" ON "lot" ("item_id");
CREATE INDEX "lot_item_id_expires_on" ON "lot" ("item_id", "expires_on");
CREATE UNIQUE INDEX "lot_item_id_lot_number" ON "lot" ("item_id", "lot_number");
CREATE INDEX "movement_created_at" ON "movement" ("created_at");
CREATE INDEX "movement_item_id" ON "movement" ("item_id");
CREATE INDEX "movement_lot_id" ON "movement" ("lot_id");
CREATE UNIQUE INDEX "movement_reversal_of_id" ON "movement" ("reversal_of_id");
CREATE UNIQUE INDEX "supplier_name" ON "supplier" ("name");
CREATE TRIGGER movement_no_delete BEFORE DELETE ON movement
        BEGIN SELECT RAISE(ABORT, 'movement rows cannot be deleted; record a reversal'); END;
CREATE TRIGGER movement_no_update BEFORE UPDATE ON movement
        BEGIN SELECT RAISE(ABORT, 'movement rows cannot be changed; record a reversal'); END;
INSERT INTO schema_version (version) VALUES (1);
