"""Every user-visible sentence in one place, in Dutch and English.

Code raises and reports message *keys*; the UI and the CLI turn them into text in the user's
language with :func:`tr`. Dutch is the default; set ``WIJKKAART_LANG=en`` for English.
"""

from __future__ import annotations

import logging
import os

_LANGUAGE = os.environ.get("WIJKKAART_LANG", "nl")

MESSAGES: dict[str, dict[str, str]] = {
    # --- reading files ------------
    "file_not_found": {
        "nl": "Bestand niet gevonden: {path}",
        "en": "File not found: {path}",
    },
    "file_empty": {
        "nl": "Het bestand {path} is leeg.",
        "en": "The file {path} is empty.",
    },
    "not_geodata": {
        "nl": "{path} is geen kaartbestand dat wijkkaart kan lezen. "
        "Gebruik een GeoPackage, shapefile of GeoJSON.",
        "en": "{path} is not a map file wijkkaart can read. "
        "Use a GeoPackage, shapefile or GeoJSON.",
    },
    "corrupt_file": {
        "nl": "{path} is beschadigd of onvolledig en kan niet worden gelezen.",
        "en": "{path} is damaged or incomplete and cannot be read.",
    },
    "layer_not_found": {
        "nl": "Laag '{layer}' bestaat niet in {path}. Beschikbare lagen: {layers}.",
        "en": "Layer '{layer}' does not exist in {path}. Available layers: {layers}.",
    },
    "no_features": {
        "nl": "{path} bevat geen gebieden.",
        "en": "{path} contains no areas.",
    },
    "not_polygons": {
        "nl": "{path} bevat geen vlakken maar {kinds}; voor buurten, wijken of gemeenten zijn "
        "vlakken (polygonen) nodig.",
        "en": "{path} contains no areas but {kinds}; buurten, wijken or gemeenten need polygons.",
    },
    "no_crs": {
        "nl": "{path} zegt niet in welk coördinatenstelsel het is opgeslagen en de coördinaten "
        "lijken niet op RD New (EPSG:28992) of WGS84 (EPSG:4326). Sla het bestand op met een "
        "projectie (bijvoorbeeld een .prj-bestand naast de shapefile).",
        "en": "{path} does not state its coordinate reference system and its coordinates look "
        "like neither RD New (EPSG:28992) nor WGS84 (EPSG:4326). Save the file with a projection "
        "(for example a .prj file next to the shapefile).",
    },
    "crs_assumed": {
        "nl": "Het bestand noemt geen coördinatenstelsel; de coördinaten zijn duidelijk {crs}, "
        "dus wijkkaart neemt {crs} aan.",
        "en": "The file names no coordinate reference system; the coordinates are plainly {crs}, "
        "so wijkkaart assumes {crs}.",
    },
    "crs_outside_nl": {
        "nl": "De gebieden in {path} liggen niet in Nederland na omrekenen vanuit {crs}. "
        "Klopt het coördinatenstelsel van het bestand?",
        "en": "The areas in {path} do not lie in the Netherlands after transforming from {crs}. "
        "Is the file's coordinate reference system right?",
    },
    "crs_unusual": {
        "nl": "Het bestand gebruikt {crs}; wijkkaart heeft het omgerekend naar RD New "
        "(EPSG:28992).",
        "en": "The file uses {crs}; wijkkaart transformed it to RD New (EPSG:28992).",
    },
    "geometry_repaired": {
        "nl": "{n} gebied(en) hadden een ongeldige vorm (bijvoorbeeld een zelfdoorsnijding) en "
        "zijn gerepareerd: {codes}.",
        "en": "{n} area(s) had an invalid shape (for example a self-intersection) and were "
        "repaired: {codes}.",
    },
    "geometry_missing": {
        "nl": "{n} gebied(en) hebben geen vorm en worden niet op de kaart getoond: {codes}.",
        "en": "{n} area(s) have no shape and are not shown on the map: {codes}.",
    },
    "duplicate_codes": {
        "nl": "Gebiedscodes komen meer dan eens voor in {path}: {codes}. Elke buurt, wijk of "
        "gemeente mag maar één keer in het bestand staan.",
        "en": "Area codes occur more than once in {path}: {codes}. Each buurt, wijk or gemeente "
        "may appear only once in the file.",
    },
    "codes_were_numbers": {
        "nl": "De gebiedscodes in kolom '{column}' waren als getal opgeslagen; wijkkaart heeft "
        "voorloopnullen en het voorvoegsel {prefix} aangevuld (bijvoorbeeld {example}).",
        "en": "The area codes in column '{column}' were stored as numbers; wijkkaart restored "
        "leading zeros and the prefix {prefix} (for example {example}).",
    },
    "no_code_column": {
        "nl": "In {path} is geen kolom met gebiedscodes gevonden (zoals buurtcode, BU_CODE, "
        "gwb_code of bu_code). Kolommen in het bestand: {columns}.",
        "en": "No column with area codes was found in {path} (such as buurtcode, BU_CODE, "
        "gwb_code or bu_code). Columns in the file: {columns}.",
    },
    "invalid_codes": {
        "nl": "{n} waarde(n) in de codekolom '{column}' zijn geen geldige CBS-code: {codes}.",
        "en": "{n} value(s) in the code column '{column}' are not valid CBS codes: {codes}.",
    },
    "mixed_levels": {
        "nl": "Het bestand bevat gemeenten, wijken en buurten door elkaar ({counts}); "
        "wijkkaart gebruikt het niveau {level}.",
        "en": "The file mixes gemeenten, wijken and buurten ({counts}); wijkkaart uses "
        "level {level}.",
    },
    "level_absent": {
        "nl": "Het bestand bevat geen gebieden op niveau {level}.",
        "en": "The file contains no areas at level {level}.",
    },
    "water_areas": {
        "nl": "{n} waterbuurt(en) herkend ({codes}); die tellen niet mee in statistieken.",
        "en": "{n} water area(s) recognised ({codes}); they are left out of statistics.",
    },
    "missing_values": {
        "nl": "{column}: {n} ontbrekende waarde(n) ({reasons}).",
        "en": "{column}: {n} missing value(s) ({reasons}).",
    },
    "column_not_numeric": {
        "nl": "Kolom '{column}' zou getallen moeten bevatten maar heeft ook tekst, bijvoorbeeld "
        "'{example}'; die waarden zijn als ontbrekend gemarkeerd.",
        "en": "Column '{column}' should hold numbers but also holds text, for example "
        "'{example}'; those values are marked missing.",
    },
    "table_unreadable": {
        "nl": "{path} kan niet als tabel worden gelezen ({detail}). Gebruik CSV (met , of ;) "
        "of Excel (.xlsx).",
        "en": "{path} cannot be read as a table ({detail}). Use CSV (with , or ;) or Excel "
        "(.xlsx).",
    },
    "table_unmatched": {
        "nl": "{n} rij(en) in de tabel horen bij geen enkel gebied op de kaart: {codes}.",
        "en": "{n} table row(s) match no area on the map: {codes}.",
    },
    "table_areas_without_row": {
        "nl": "{n} gebied(en) op de kaart hebben geen rij in de tabel: {codes}.",
        "en": "{n} area(s) on the map have no row in the table: {codes}.",
    },
    "table_duplicate_codes": {
        "nl": "De tabel bevat codes meer dan eens: {codes}. Welke rij geldt is niet te zeggen.",
        "en": "The table contains codes more than once: {codes}. Which row applies is unclear.",
    },
    "table_no_match_at_all": {
        "nl": "Geen enkele code in de tabel komt overeen met de kaart. Voorbeeld uit de tabel: "
        "{table_example}; voorbeeld van de kaart: {map_example}. Is het jaar van de indeling "
        "hetzelfde?",
        "en": "Not a single code in the table matches the map. Example from the table: "
        "{table_example}; example from the map: {map_example}. Is the boundary year the same?",
    },
    "mapping_unknown_column": {
        "nl": "Kolom '{column}' bestaat niet in de tabel.",
        "en": "Column '{column}' does not exist in the table.",
    },
    "mapping_unknown_indicator": {
        "nl": "Indicator '{indicator}' staat niet in de indicatorcatalogus.",
        "en": "Indicator '{indicator}' is not in the indicator catalogue.",
    },
    "custom_indicators": {
        "nl": "Eigen indicatoren (niet in de catalogus): {columns}.",
        "en": "Custom indicators (not in the catalogue): {columns}.",
    },
    "percent_out_of_range": {
        "nl": "{column}: {n} waarde(n) liggen buiten 0–100 % (bijvoorbeeld {example}).",
        "en": "{column}: {n} value(s) lie outside 0–100 % (for example {example}).",
    },
    # --- EP-Online ---------------------------------------------------------------------------
    "ep_unknown_header": {
        "nl": "{path} lijkt geen EP-Online-export: de kolommen Pand_energieklasse en "
        "Pand_bagverblijfsobjectid ontbreken. Gevonden kolommen: {columns}.",
        "en": "{path} does not look like an EP-Online export: the columns Pand_energieklasse and "
        "Pand_bagverblijfsobjectid are missing. Columns found: {columns}.",
    },
    "ep_summary": {
        "nl": "{total} labelregels gelezen; {design} ontwerplabels (vergunningsaanvraag) en "
        "{utility} niet-woningen weggelaten, {older} oudere labels van hetzelfde adres vervangen, "
        "{bad_class} met onbekende labelklasse overgeslagen; {kept} woninglabels over.",
        "en": "{total} label rows read; {design} design-stage labels and {utility} non-dwellings "
        "left out, {older} older labels of the same address superseded, {bad_class} with an "
        "unknown label class skipped; {kept} dwelling labels kept.",
    },
    "ep_unplaced": {
        "nl": "{n} label(s) konden niet in een buurt worden geplaatst (geen BAG-adres of "
        "coördinaat gevonden).",
        "en": "{n} label(s) could not be placed in a buurt (no BAG address or coordinate found).",
    },
    "ep_more_labels_than_dwellings": {
        "nl": "{n} buurt(en) hebben meer labels dan woningen in de woningvoorraad ({codes}); "
        "het aandeel zonder label is daar op 0 gezet.",
        "en": "{n} buurt(en) have more labels than dwellings in the stock ({codes}); the share "
        "without a label is set to 0 there.",
    },
    "ep_no_stock": {
        "nl": "Zonder woningvoorraad per buurt kan het aandeel woningen zonder label niet worden "
        "berekend.",
        "en": "Without the dwelling stock per buurt the share of dwellings without a label cannot "
        "be computed.",
    },
    "bag_unreadable": {
        "nl": "Het BAG-adressenbestand {path} mist een kolom voor {what}. Gevonden: {columns}.",
        "en": "The BAG address file {path} lacks a column for {what}. Found: {columns}.",
    },
    # --- heat plan ------------
    "heat_no_strategy_column": {
        "nl": "In {path} is geen kolom met de warmtestrategie gevonden (zoals strategie of "
        "categorie). Kolommen: {columns}.",
        "en": "No column with the heat strategy was found in {path} (such as strategie or "
        "categorie). Columns: {columns}.",
    },
    "heat_unknown_strategies": {
        "nl": "Deze strategieën zijn niet herkend en als 'nog onbekend' ingedeeld: {values}.",
        "en": "These strategies were not recognised and classed as 'not yet known': {values}.",
    },
    # --- rasters ------------
    "raster_unreadable": {
        "nl": "{path} is geen rasterbestand dat wijkkaart kan lezen. Gebruik een GeoTIFF.",
        "en": "{path} is not a raster file wijkkaart can read. Use a GeoTIFF.",
    },
    "raster_no_crs": {
        "nl": "Het raster {path} heeft geen coördinatenstelsel; sla het op als GeoTIFF met "
        "projectie (bijvoorbeeld EPSG:28992).",
        "en": "The raster {path} has no coordinate reference system; save it as a GeoTIFF with a "
        "projection (for example EPSG:28992).",
    },
    "raster_no_overlap": {
        "nl": "Het raster {path} overlapt geen enkel gebied op de kaart. Rasteromvang: {raster}; "
        "gebieden: {areas} (beide in {crs}).",
        "en": "The raster {path} overlaps none of the areas on the map. Raster extent: {raster}; "
        "areas: {areas} (both in {crs}).",
    },
    "raster_partial_overlap": {
        "nl": "{n} gebied(en) liggen (deels) buiten het raster; daar zijn geen of minder "
        "rastercellen meegeteld: {codes}.",
        "en": "{n} area(s) lie (partly) outside the raster; fewer or no raster cells were counted "
        "there: {codes}.",
    },
    "profile_unknown_codes": {
        "nl": "Deze gebiedscodes staan niet in de gegevens: {codes}.",
        "en": "These area codes are not in the data: {codes}.",
    },
    "profile_empty_area": {
        "nl": "Het gebied {path} overlapt geen enkele buurt.",
        "en": "The area {path} overlaps no buurt.",
    },
    "unknown_indicator_name": {
        "nl": "'{name}' is geen bekende indicator. Gebruik een naam uit de catalogus, zoals "
        "corporatiebezit, koopwoningen of percentage_koopwoningen.",
        "en": "'{name}' is not a known indicator. Use a catalogue name such as "
        "percentage_koopwoningen.",
    },
    "rule_unreadable": {
        "nl": "Regel {line} is niet te lezen: '{text}'. Schrijf bijvoorbeeld "
        "'Corporatiebuurt: corporatiebezit >= 60'.",
        "en": "Rule {line} cannot be read: '{text}'. Write for example "
        "'Corporation area: corporatiebezit >= 60'.",
    },
    "indicator_not_in_data": {
        "nl": "Deze indicatoren ontbreken in de gegevens: {names}.",
        "en": "These indicators are missing from the data: {names}.",
    },
    "sensitive_in_typology": {
        "nl": "Migratieachtergrond ({names}) hoort niet in een typologie of index. Alleen als "
        "beschrijvende kaartlaag te gebruiken.",
        "en": "Migration background ({names}) does not belong in a typology or index; use it "
        "only as a descriptive map layer.",
    },
    "too_few_for_clusters": {
        "nl": "Maar {n} buurten hebben alle gekozen indicatoren; te weinig voor {k} types.",
        "en": "Only {n} buurten have all chosen indicators; too few for {k} types.",
    },
    "stacking_needs_direction": {
        "nl": "Voor stapeling moet vaststaan of een hogere waarde beter of slechter is; bij "
        "'{name}' is dat niet zo.",
        "en": "Stacking needs to know whether higher is better or worse; '{name}' has no such "
        "direction.",
    },
    "scenario_needs_mix": {
        "nl": "Voor een woningmix-scenario zijn koop, corporatiebezit en particuliere huur nodig.",
        "en": "A housing-mix scenario needs owner-occupied, corporation and private-rent shares.",
    },
    "scenario_bad_target": {
        "nl": "De doelmix moet samen 100 % zijn (nu {total} %) en geen negatieve delen hebben.",
        "en": "The target mix must add up to 100 % (now {total} %) without negative parts.",
    },
    "typology_needs_indicators": {
        "nl": "Geef met --indicators aan op welke indicatoren geclusterd wordt.",
        "en": "Say with --indicators which indicators to cluster on.",
    },
    "output_refused": {
        "nl": "Naar {path} wordt niet geschreven: kies een nieuw .gpkg- of .csv-bestand (een "
        "invoerbestand wordt nooit overschreven).",
        "en": "Not writing to {path}: choose a new .gpkg or .csv file (an input file is never "
        "overwritten).",
    },
    "export_unknown_format": {
        "nl": "{path}: kies .pdf, .png, .svg of .html als bestandstype.",
        "en": "{path}: choose .pdf, .png, .svg or .html as file type.",
    },
    "atlas_no_focus_areas": {
        "nl": "Het project heeft nog geen focusgebieden; teken er een of maak een atlas per wijk.",
        "en": "The project has no focus areas yet; draw one or make an atlas per wijk.",
    },
    "several_years": {
        "nl": "De tabel bevat meerdere jaren ({years}); gebruikt: {chosen}.",
        "en": "The table holds several years ({years}); using {chosen}.",
    },
    "typology_pieces": {
        "nl": "De buurten vormen {n} losse delen; types die over meer dan één deel lopen zijn "
        "daar niet aaneengesloten.",
        "en": "The buurten form {n} separate pieces; types spanning more than one piece are not "
        "contiguous there.",
    },
    "typology_incomplete": {
        "nl": "{n} buurten zonder alle indicatoren: geen type.",
        "en": "{n} buurten lack some indicators: no type.",
    },
    # --- CLI -----------------------------------------------------------------------------------
    "cli_valid": {
        "nl": "{path}: bruikbaar ({count} gebieden op niveau {level}).",
        "en": "{path}: usable ({count} areas at level {level}).",
    },
    "cli_invalid": {
        "nl": "{path}: niet bruikbaar: {reason}",
        "en": "{path}: not usable: {reason}",
    },
    "cli_error": {
        "nl": "Fout: {message}",
        "en": "Error: {message}",
    },
    "cli_written": {"nl": "Geschreven: {path}", "en": "Written: {path}"},
    "cli_no_screen": {
        "nl": "Geen beeldscherm gevonden (DISPLAY is leeg); hieronder de samenvatting van het "
        "project. Start wijkkaart op een bureaublad, of gebruik xvfb-run.",
        "en": "No screen found (DISPLAY is empty); the project summary follows. Start wijkkaart "
        "on a desktop, or use xvfb-run.",
    },
    "cli_unexpected": {
        "nl": "Onverwachte fout bij het lezen van {path}: {detail}. Meld dit alstublieft; het "
        "bestand is niet gewijzigd.",
        "en": "Unexpected error while reading {path}: {detail}. Please report this; the file was "
        "not changed.",
    },
    # --- project files ------------
    "project_unreadable": {
        "nl": "Het projectbestand {path} kan niet worden gelezen.",
        "en": "The project file {path} cannot be read.",
    },
    "project_too_new": {
        "nl": "Het projectbestand {path} is gemaakt met een nieuwere versie van wijkkaart "
        "(schemaversie {found}, deze versie kent tot {supported}). Werk wijkkaart bij.",
        "en": "The project file {path} was made with a newer version of wijkkaart (schema "
        "version {found}, this version knows up to {supported}). Please update wijkkaart.",
    },
    "illustrative": {
        "nl": "voorbeeldgegevens",
        "en": "illustrative data",
    },
}

# User-interface texts (menus, panels, status bar). Same rules: Dutch first, English beside it.
UI: dict[str, dict[str, str]] = {
    "app_title": {"nl": "wijkkaart", "en": "wijkkaart"},
    "menu_file": {"nl": "&Bestand", "en": "&File"},
    "menu_view": {"nl": "Beel&d", "en": "&View"},
    "menu_map": {"nl": "&Kaart", "en": "&Map"},
    "menu_help": {"nl": "&Help", "en": "&Help"},
    "open_project": {"nl": "Project &openen…", "en": "&Open project…"},
    "open_sample": {"nl": "Voorbeeldproject Utrecht openen", "en": "Open Utrecht sample project"},
    "save_project": {"nl": "Project op&slaan", "en": "&Save project"},
    "save_project_as": {"nl": "Project opslaan &als…", "en": "Save project &as…"},
    "add_layer": {"nl": "&Laag toevoegen…", "en": "Add &layer…"},
    "remove_layer": {"nl": "Laag verwijderen", "en": "Remove layer"},
    "layer_up": {"nl": "Laag omhoog", "en": "Layer up"},
    "layer_down": {"nl": "Laag omlaag", "en": "Layer down"},
    "quit": {"nl": "A&fsluiten", "en": "&Quit"},
    "zoom_in": {"nl": "In&zoomen", "en": "Zoom &in"},
    "zoom_out": {"nl": "Uit&zoomen", "en": "Zoom &out"},
    "zoom_layer": {"nl": "Zoom naar &laag", "en": "Zoom to &layer"},
    "zoom_selection": {"nl": "Zoom naar &selectie", "en": "Zoom to &selection"},
    "full_extent": {"nl": "&Volledige omvang", "en": "&Full extent"},
    "new_map_layer": {
        "nl": "Nieuwe kaartlaag van de buurten",
        "en": "New map layer of the buurten",
    },
    "bivariate_map": {"nl": "&Bivariate kaart (twee indicatoren)…", "en": "&Bivariate map…"},
    "about": {"nl": "&Over wijkkaart", "en": "&About wijkkaart"},
    "layers": {"nl": "Lagen", "en": "Layers"},
    "style": {"nl": "Opmaak", "en": "Style"},
    "legend": {"nl": "Legenda", "en": "Legend"},
    "info": {"nl": "Informatie", "en": "Information"},
    "opacity": {"nl": "Dekking", "en": "Opacity"},
    "style_kind": {"nl": "Soort kaart", "en": "Map type"},
    "kind_choropleth": {"nl": "Klassen (choropleet)", "en": "Classes (choropleth)"},
    "kind_categorical": {"nl": "Categorieën", "en": "Categories"},
    "kind_bivariate": {"nl": "Twee indicatoren (bivariaat)", "en": "Two indicators (bivariate)"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "indicator_y": {"nl": "Tweede indicator", "en": "Second indicator"},
    "method": {"nl": "Indeling", "en": "Classification"},
    "classes": {"nl": "Klassen", "en": "Classes"},
    "ramp": {"nl": "Kleuren", "en": "Colours"},
    "reverse": {"nl": "Kleuren omdraaien", "en": "Reverse colours"},
    "centre_mean": {"nl": "Midden op gemiddelde gemeente", "en": "Centre on gemeente average"},
    "manual_breaks": {
        "nl": "Eigen grenzen (gescheiden door ;)",
        "en": "Own breaks (separated by ;)",
    },
    "fix_breaks": {"nl": "Grenzen vastzetten", "en": "Fix breaks"},
    "release_breaks": {"nl": "Grenzen loslaten", "en": "Release breaks"},
    "labels": {"nl": "Namen tonen", "en": "Show names"},
    "method_quantiles": {"nl": "Kwantielen (evenveel buurten)", "en": "Quantiles"},
    "method_equal_interval": {"nl": "Gelijke intervallen", "en": "Equal interval"},
    "method_natural_breaks": {"nl": "Natuurlijke grenzen (Jenks)", "en": "Natural breaks (Jenks)"},
    "method_std_mean": {"nl": "Standaardafwijking rond gemiddelde", "en": "Standard deviation"},
    "method_manual": {"nl": "Eigen grenzen", "en": "Manual breaks"},
    "info_hint": {
        "nl": "Klik op een buurt voor alle cijfers.",
        "en": "Click a buurt to see all its figures.",
    },
    "col_indicator": {"nl": "Indicator", "en": "Indicator"},
    "col_value": {"nl": "Waarde", "en": "Value"},
    "col_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
    "illustrative_note": {
        "nl": "voorbeeldgegevens (illustratief)",
        "en": "illustrative data (not real)",
    },
    "source": {"nl": "Bron", "en": "Source"},
    "cursor": {"nl": "RD x {x}  y {y}", "en": "RD x {x}  y {y}"},
    "scale": {"nl": "Schaal {scale}", "en": "Scale {scale}"},
    "rendering": {"nl": "Kaart tekenen…", "en": "Drawing map…"},
    "loading": {"nl": "Project laden…", "en": "Loading project…"},
    "saved": {"nl": "Project opgeslagen: {path}", "en": "Project saved: {path}"},
    "file_filter_project": {
        "nl": "wijkkaart-project (*.wijkkaart)",
        "en": "wijkkaart project (*.wijkkaart)",
    },
    "file_filter_layer": {
        "nl": "Kaartbestanden (*.gpkg *.shp *.geojson *.json *.csv *.xlsx *.tif *.tiff)",
        "en": "Map files (*.gpkg *.shp *.geojson *.json *.csv *.xlsx *.tif *.tiff)",
    },
    "layer_wijken": {"nl": "Wijkgrenzen", "en": "Wijk boundaries"},
    "about_text": {
        "nl": "wijkkaart {version}: buurtgegevens voor wijkaanpak en warmtetransitie.",
        "en": "wijkkaart {version}: neighbourhood data for area plans and the heat transition.",
    },
    "basemap": {"nl": "&Achtergrondkaart (PDOK)", "en": "&Background map (PDOK)"},
    "basemap_name": {"nl": "Achtergrondkaart", "en": "Background map"},
    "basemap_offline": {
        "nl": "Achtergrondkaart niet beschikbaar (geen netwerk); de kaart werkt zonder.",
        "en": "Background map not available (no network); the map works without it.",
    },
    "menu_edit": {"nl": "Be&werken", "en": "&Edit"},
    "undo": {"nl": "Ongedaan maken", "en": "Undo"},
    "undo_what": {"nl": "Ongedaan maken: {what}", "en": "Undo: {what}"},
    "redo": {"nl": "Opnieuw", "en": "Redo"},
    "redo_what": {"nl": "Opnieuw: {what}", "en": "Redo: {what}"},
    "focus_areas": {"nl": "Focusgebieden", "en": "Focus areas"},
    "focus_draw": {"nl": "Tekenen", "en": "Draw"},
    "focus_compose": {"nl": "Uit selectie", "en": "From selection"},
    "focus_delete": {"nl": "Verwijderen", "en": "Delete"},
    "focus_edit": {"nl": "Bewerken", "en": "Edit"},
    "lasso": {"nl": "Buurten selecteren met lasso", "en": "Select buurten with a lasso"},
    "cmd_typology": {"nl": "typologie maken", "en": "make typology"},
    "cmd_stacking": {"nl": "stapeling berekenen", "en": "compute stacking"},
    "cmd_ranking": {"nl": "startbuurten rangschikken", "en": "rank start buurten"},
    "cmd_focus_edit": {"nl": "focusgebied bewerken", "en": "edit focus area"},
    "focus_name": {"nl": "Naam", "en": "Name"},
    "focus_description": {"nl": "Omschrijving", "en": "Description"},
    "focus_colour": {"nl": "Kleur", "en": "Colour"},
    "draw_hint": {
        "nl": "Klik de hoekpunten; dubbelklik of Enter om af te ronden, Esc om te "
        "stoppen, Backspace om een punt terug te gaan.",
        "en": "Click the corners; double-click or Enter to finish, Esc to stop, "
        "Backspace to remove a point.",
    },
    "profile": {"nl": "Profiel", "en": "Profile"},
    "profile_hint": {
        "nl": "Teken een focusgebied of selecteer buurten (Shift-klik) voor een profiel.",
        "en": "Draw a focus area or select buurten (Shift-click) for a profile.",
    },
    "profile_buurten": {"nl": "{n} buurt(en) in dit gebied.", "en": "{n} buurt(en) in this area."},
    "profile_partial": {
        "nl": "Deels meegeteld, naar oppervlakte: {parts}.",
        "en": "Partly counted, by area: {parts}.",
    },
    "profile_drawing": {"nl": "Gebied in tekening", "en": "Area being drawn"},
    "profile_selection": {"nl": "Selectie van {n} buurt(en)", "en": "Selection of {n} buurt(en)"},
    "col_area": {"nl": "Gebied", "en": "Area"},
    "col_national": {"nl": "Nederland", "en": "Netherlands"},
    "col_all_in_file": {
        "nl": "Alle gemeenten in dit bestand",
        "en": "All municipalities in this file",
    },
    "col_g4": {"nl": "G4 (vier grote steden)", "en": "G4 (four largest cities)"},
    "profile_gemeenten": {"nl": "Gemeente: {codes}", "en": "Municipality: {codes}"},
    "coverage": {"nl": "dekking", "en": "coverage"},
    "no_weight": {"nl": "weging ontbreekt", "en": "weight missing"},
    "card_people": {"nl": "Inwoners en woningen", "en": "Inhabitants and dwellings"},
    "card_tenure": {"nl": "Eigendom woningvoorraad", "en": "Tenure"},
    "card_energy": {"nl": "Energie", "en": "Energy"},
    "card_heat": {"nl": "Warmteplan", "en": "Heat plan"},
    "card_liveability": {"nl": "Leefbaarheid en risico", "en": "Liveability and risk"},
    "cmd_style": {"nl": "opmaak wijzigen", "en": "change style"},
    "cmd_visible": {"nl": "laag tonen/verbergen", "en": "show/hide layer"},
    "cmd_opacity": {"nl": "dekking wijzigen", "en": "change opacity"},
    "cmd_rename": {"nl": "laag hernoemen", "en": "rename layer"},
    "cmd_order": {"nl": "volgorde van lagen", "en": "layer order"},
    "cmd_labels": {"nl": "namen tonen/verbergen", "en": "show/hide names"},
    "cmd_add_layer": {"nl": "laag toevoegen", "en": "add layer"},
    "cmd_remove_layer": {"nl": "laag verwijderen", "en": "remove layer"},
    "cmd_basemap": {"nl": "achtergrondkaart", "en": "background map"},
    "cmd_focus_add": {"nl": "focusgebied maken", "en": "create focus area"},
    "cmd_focus_delete": {"nl": "focusgebied verwijderen", "en": "delete focus area"},
    "cmd_focus_name": {"nl": "focusgebied hernoemen", "en": "rename focus area"},
    "cmd_focus_description": {"nl": "omschrijving wijzigen", "en": "change description"},
    "cmd_focus_colour": {"nl": "kleur wijzigen", "en": "change colour"},
    "analysis": {"nl": "Analyse", "en": "Analysis"},
    "tab_typology": {"nl": "Typologie", "en": "Typology"},
    "tab_stacking": {"nl": "Stapeling", "en": "Stacking"},
    "tab_ranking": {"nl": "Startbuurten", "en": "Start buurten"},
    "tab_scenario": {"nl": "Woningmix", "en": "Housing mix"},
    "tab_neighbours": {"nl": "Buren", "en": "Neighbours"},
    "typology_rules": {"nl": "Regels (de eerste die past, geldt)", "en": "Rules (first match)"},
    "typology_clusters": {"nl": "Clustering van indicatoren", "en": "Clustering of indicators"},
    "rules_housing": {"nl": "Standaard: woningmix", "en": "Default: housing mix"},
    "rules_heat": {"nl": "Standaard: warmtetransitie", "en": "Default: heat transition"},
    "contiguous": {"nl": "Aaneengesloten gebieden", "en": "Contiguous regions"},
    "min_inhabitants": {"nl": "Minimaal inwoners per gebied", "en": "Minimum inhabitants"},
    "apply": {"nl": "Toepassen", "en": "Apply"},
    "export_csv": {"nl": "Exporteren (CSV)…", "en": "Export (CSV)…"},
    "margin_sd": {"nl": "Marge (standaardafwijkingen)", "en": "Margin (standard deviations)"},
    "stacking_hint": {
        "nl": "Tel per buurt op hoeveel indicatoren hij duidelijk slechter is dan de gemeente.",
        "en": "Count per buurt on how many indicators it is clearly worse than the gemeente.",
    },
    "criterion": {"nl": "Criterium", "en": "Criterion"},
    "weight": {"nl": "Gewicht", "en": "Weight"},
    "higher_better": {"nl": "Hoger = beter", "en": "Higher = better"},
    "ranking_hint": {
        "nl": "Klik een buurt om te zien hoe de score is opgebouwd.",
        "en": "Click a buurt to see how its score is built up.",
    },
    "ranking_of": {
        "nl": "{name}: rang {rank}, score {score}. Bijdragen:",
        "en": "{name}: rank {rank}, score {score}. Contributions:",
    },
    "target_koop": {"nl": "Doel koop", "en": "Target owner-occupied"},
    "target_corporatie": {"nl": "Doel corporatie", "en": "Target corporation"},
    "target_particulier": {"nl": "Doel particuliere huur", "en": "Target private rent"},
    "scenario_hint": {
        "nl": "Kies een focusgebied of selecteer buurten.",
        "en": "Choose a focus area or select buurten.",
    },
    "scenario_now": {
        "nl": "{name}: nu {total} woningen: {koop} % koop, {corp} % corporatie, "
        "{priv} % particuliere huur.",
        "en": "{name}: now {total} dwellings: "
        "{koop} % owner-occupied, {corp} % corporation, {priv} % private rent.",
    },
    "neighbours_show": {"nl": "Buren van het gekozen gebied", "en": "Neighbours of the area"},
    "neighbours_hint": {
        "nl": "Buurten die grenzen aan het focusgebied: houd ze in het oog (waterbedeffect).",
        "en": "Buurten bordering the focus area: watch them (waterbed effect).",
    },
    "layer_typology": {"nl": "Buurttypen", "en": "Neighbourhood types"},
    "layer_stacking": {"nl": "Stapeling", "en": "Stacking"},
    "layer_ranking": {"nl": "Startbuurten warmtetransitie", "en": "Heat transition start buurten"},
    "export": {"nl": "&Exporteren…", "en": "&Export…"},
    "export_title": {"nl": "Kaart exporteren", "en": "Export map"},
    "landscape": {"nl": "Liggend", "en": "Landscape"},
    "portrait": {"nl": "Staand", "en": "Portrait"},
    "paper": {"nl": "Papier", "en": "Paper"},
    "orientation": {"nl": "Richting", "en": "Orientation"},
    "title": {"nl": "Titel", "en": "Title"},
    "subtitle": {"nl": "Ondertitel", "en": "Subtitle"},
    "preset_residents": {
        "nl": "Bewonersavond: groot, eenvoudig, hoog contrast",
        "en": "Resident meeting: large, plain, high contrast",
    },
    "overview_map": {"nl": "Overzichtskaartje", "en": "Overview map"},
    "export_pdf": {"nl": "PDF…", "en": "PDF…"},
    "export_png": {"nl": "PNG…", "en": "PNG…"},
    "export_svg": {"nl": "SVG…", "en": "SVG…"},
    "export_html": {"nl": "Interactieve kaart (HTML)…", "en": "Interactive map (HTML)…"},
    "export_atlas": {"nl": "Wijkplan-boekje (atlas)…", "en": "Booklet (atlas)…"},
    "exported": {"nl": "Geëxporteerd: {path}", "en": "Exported: {path}"},
    "join_table": {"nl": "&Tabel koppelen…", "en": "&Join table…"},
    "join_title": {"nl": "Tabel met indicatoren koppelen", "en": "Join an indicator table"},
    "join_column": {"nl": "Kolom", "en": "Column"},
    "join_example": {"nl": "Voorbeeld", "en": "Example"},
    "join_indicator": {"nl": "Wordt", "en": "Becomes"},
    "join_auto": {"nl": "Herkend: {name}", "en": "Recognised: {name}"},
    "join_custom": {"nl": "Eigen indicator", "en": "Custom indicator"},
    "join_text": {"nl": "Tekst (niet gebruikt)", "en": "Text (not used)"},
    "join_skip": {"nl": "Overslaan", "en": "Skip"},
    "join_illustrative": {
        "nl": "Dit zijn voorbeeldgegevens (illustratief)",
        "en": "This is illustrative data",
    },
    "join_code_column": {
        "nl": "Gebiedscode in kolom '{column}' ({n} rijen).",
        "en": "Area code in column '{column}' ({n} rows).",
    },
    "join_do": {"nl": "Koppelen", "en": "Join"},
    "join_done": {"nl": "{n} buurten gekoppeld.", "en": "{n} buurten joined."},
    "join_unmatched": {
        "nl": "Rijen zonder buurt: {codes}.",
        "en": "Rows without a buurt: {codes}.",
    },
    "join_without": {
        "nl": "{n} buurten zonder rij in de tabel.",
        "en": "{n} buurten without a row in the table.",
    },
    "print_sources": {"nl": "Bron", "en": "Source"},
    "print_boundaries": {"nl": "Grenzen: CBS / gemeente", "en": "Boundaries: CBS / municipality"},
    "print_made_with": {"nl": "Kaart: wijkkaart", "en": "Map: wijkkaart"},
    "print_illustrative": {
        "nl": "Let op: deze kaart toont voorbeeldgegevens (illustratief, niet echt).",
        "en": "Note: this map shows illustrative data (not real).",
    },
    "plain_below": {"nl": "minder dan {value} {unit}", "en": "less than {value} {unit}"},
    "plain_between": {"nl": "{low} tot {high} {unit}", "en": "{low} to {high} {unit}"},
    "plain_above": {"nl": "meer dan {value} {unit}", "en": "more than {value} {unit}"},
    "plain_percent": {"nl": "procent", "en": "percent"},
    "plain_missing": {"nl": "geen cijfers bekend", "en": "no figures known"},
    "html_illustrative": {
        "nl": "Let op: voorbeeldgegevens (illustratief, niet echt).",
        "en": "Note: illustrative data (not real).",
    },
    "html_buurt": {"nl": "Buurt", "en": "Neighbourhood"},
    "html_focus": {"nl": "Focusgebied", "en": "Focus area"},
    "cat_bevolking": {"nl": "Bevolking", "en": "Population"},
    "cat_wonen": {"nl": "Wonen", "en": "Housing"},
    "cat_energie": {"nl": "Energie", "en": "Energy"},
    "cat_energielabels": {"nl": "Energielabels", "en": "Energy labels"},
    "cat_warmte": {"nl": "Warmtetransitie", "en": "Heat transition"},
    "cat_leefbaarheid": {"nl": "Leefbaarheid", "en": "Liveability"},
    "cat_risico": {"nl": "Risico's", "en": "Risks"},
    "cat_gebied": {"nl": "Gebied", "en": "Area"},
    "cat_analyse": {"nl": "Analyses", "en": "Analyses"},
    "cat_eigen": {"nl": "Eigen indicatoren", "en": "Custom indicators"},
    "gemeente_average": {"nl": "gemiddelde gemeente", "en": "gemeente average"},
    # --- html export ------------
    "html_layers": {"nl": "Kaartlagen", "en": "Map layers"},
    "html_basemap_online": {
        "nl": "Achtergrondkaart (online)",
        "en": "Background map (online)",
    },
    # (end of html export)
    # --- tables and numbers ------------
    "numbers_ambiguous_dot": {
        "nl": "Kolom {columns}: bij getallen zoals 1.855 is niet te zeggen of de punt "
        "duizendtallen scheidt (1855) of een decimaalteken is (1,855), want de rest van het "
        "bestand laat dat niet zien. wijkkaart gokt niet: geef aan hoe de kolom gelezen moet "
        "worden, laat de kolom weg, of sla het bestand op zonder duizendtalscheiding.",
        "en": "Column {columns}: for numbers such as 1.855 it cannot be told whether the dot "
        "separates thousands (1855) or is a decimal point (1.855), as the rest of the file does "
        "not show it. wijkkaart does not guess: say how the column is to be read, leave the column "
        "out, or save the file without thousands separators.",
    },
    "numbers_ambiguous_comma": {
        "nl": "Kolom {columns}: bij getallen zoals 1,855 is niet te zeggen of de komma een "
        "decimaalteken is (1,855) of duizendtallen scheidt (1855), want de rest van het bestand "
        "laat dat niet zien. wijkkaart gokt niet: geef aan hoe de kolom gelezen moet worden, laat "
        "de kolom weg, of sla het bestand op zonder duizendtalscheiding.",
        "en": "Column {columns}: for numbers such as 1,855 it cannot be told whether the comma is "
        "a decimal mark (1.855) or separates thousands (1855), as the rest of the file does not "
        "show it. wijkkaart does not guess: say how the column is to be read, leave the column "
        "out, or save the file without thousands separators.",
    },
    "numbers_conflict": {
        "nl": "Kolom {columns} schrijft getallen op twee manieren door elkaar (zoals 1.855 naast "
        "2.5, of naast 2,5 terwijl de andere kolommen decimale punten gebruiken), dus is niet te "
        "zeggen of 1.855 als 1855 of als 1,855 bedoeld is. wijkkaart gokt niet: geef aan hoe de "
        "kolom gelezen moet worden, laat de kolom weg, of maak de schrijfwijze eenduidig.",
        "en": "Column {columns} writes numbers in two ways (such as 1.855 beside 2.5, or beside "
        "2,5 while the other columns use decimal points), so it cannot be told whether 1.855 "
        "means 1855 or 1.855. wijkkaart does not guess: say how the column is to be read, leave "
        "the column out, or make the notation consistent.",
    },
    "numbers_thousands_read": {
        "nl": "In {columns} zijn punten gelezen als duizendtalscheiding (1.855 = 1855) en komma's "
        "als decimaalteken, zoals het bestand dat verder ook doet.",
        "en": "In {columns} dots were read as thousands separators (1.855 = 1855) and commas as "
        "decimal marks, as the rest of the file does.",
    },
    "numbers_commas_thousands_read": {
        "nl": "In {columns} zijn komma's gelezen als duizendtalscheiding (1,855 = 1855), zoals het "
        "bestand dat verder ook doet.",
        "en": "In {columns} commas were read as thousands separators (1,855 = 1855), as the rest "
        "of the file does.",
    },
    "numbers_not_finite": {
        "nl": "Kolom '{column}': {n} waarde(n) zijn geen eindig getal of onmogelijk groot (zoals "
        "inf, nan of 1e309); die zijn als ontbrekend gemarkeerd (geen getal).",
        "en": "Column '{column}': {n} value(s) are not a finite number or impossibly large (such "
        "as inf, nan or 1e309); they are marked missing (not a number).",
    },
    "count_negative": {
        "nl": "Kolom '{column}' bevat aantallen, maar {n} waarde(n) zijn negatief (bijvoorbeeld "
        "{example}). Een negatief aantal kan niet kloppen; controleer het bestand.",
        "en": "Column '{column}' holds counts, but {n} value(s) are negative (for example "
        "{example}). A negative count cannot be right; check the file.",
    },
    "count_fractional": {
        "nl": "Kolom '{column}' bevat aantallen, maar {n} waarde(n) hebben decimalen (bijvoorbeeld "
        "{example}). Staat er misschien een punt als duizendtalscheiding?",
        "en": "Column '{column}' holds counts, but {n} value(s) have decimals (for example "
        "{example}). Is a dot perhaps used as a thousands separator?",
    },
    "table_not_regular_file": {
        "nl": "{path} is geen gewoon bestand (maar bijvoorbeeld een map of een apparaat) en kan "
        "niet als tabel worden gelezen.",
        "en": "{path} is not a regular file (but for example a folder or a device) and cannot be "
        "read as a table.",
    },
    "table_too_large": {
        "nl": "{path} is te groot om als tabel te lezen ({size} MB; de grens is {limit} MB).",
        "en": "{path} is too large to read as a table ({size} MB; the limit is {limit} MB).",
    },
    "table_binary": {
        "nl": "{path} is geen tekstbestand: het bevat binaire gegevens. Gebruik CSV (met , of ;), "
        "tekst met tabs (ook 'Unicode-tekst' uit Excel) of Excel (.xlsx).",
        "en": "{path} is not a text file: it contains binary data. Use CSV (with , or ;), "
        "tab-separated text (also Excel's 'Unicode text') or Excel (.xlsx).",
    },
    "table_zip_not_xlsx": {
        "nl": "{path} is een ingepakt bestand (zoals .xlsx of .zip) met de verkeerde extensie. "
        "Geef een Excel-bestand de extensie .xlsx, of pak een zip eerst uit.",
        "en": "{path} is a packed file (such as .xlsx or .zip) with the wrong extension. Give an "
        "Excel file the extension .xlsx, or unpack a zip first.",
    },
    "table_bad_structure": {
        "nl": "{path} kan niet als tabel worden gelezen: de opbouw klopt niet rond regel {line} "
        "(bijvoorbeeld aanhalingstekens die niet sluiten, of een veld dat te lang is).",
        "en": "{path} cannot be read as a table: its structure is broken around line {line} (for "
        "example quotes that do not close, or a field that is too long).",
    },
    "table_excel_unreadable": {
        "nl": "{path} kan niet als Excel-bestand worden gelezen: het is beschadigd, beveiligd met "
        "een wachtwoord, of geen echt .xlsx-bestand. Sla het opnieuw op als .xlsx of als CSV.",
        "en": "{path} cannot be read as an Excel file: it is damaged, password-protected, or not "
        "a real .xlsx file. Save it again as .xlsx or as CSV.",
    },
    "table_sheet_not_found": {
        "nl": "Werkblad '{sheet}' bestaat niet in {path}. Beschikbare werkbladen: {sheets}.",
        "en": "Sheet '{sheet}' does not exist in {path}. Available sheets: {sheets}.",
    },
    "table_row_fields": {
        "nl": "Regel {line} van {path} heeft {found} velden, terwijl de kopregel er {expected} "
        "heeft ({n} regel(s) wijken zo af; de eerste: {lines}). De kolommen zouden verschuiven, "
        "dus wijkkaart leest dit bestand niet. Herstel die regels of sla het bestand opnieuw op.",
        "en": "Line {line} of {path} has {found} fields, while the header has {expected} ({n} "
        "line(s) differ like this; the first: {lines}). The columns would shift, so wijkkaart "
        "does not read this file. Repair those lines or save the file again.",
    },
    "table_row_fields_comma": {
        "nl": "Regel {line} van {path} heeft {found} velden, terwijl de kopregel er {expected} "
        "heeft ({n} regel(s) wijken zo af; de eerste: {lines}). Waarschijnlijk staan er decimale "
        "komma's in een bestand dat komma's als scheidingsteken gebruikt. De kolommen zouden "
        "verschuiven, dus wijkkaart leest dit bestand niet: sla het op met ; als scheidingsteken, "
        "of zet zulke getallen tussen aanhalingstekens.",
        "en": "Line {line} of {path} has {found} fields, while the header has {expected} ({n} "
        "line(s) differ like this; the first: {lines}). Probably there are decimal commas in a "
        "file that uses commas as separators. The columns would shift, so wijkkaart does not read "
        "this file: save it with ; as separator, or put such numbers in quotes.",
    },
    "ep_rows_skipped": {
        "nl": "{n} regel(s) van {path} hebben een ander aantal velden dan de kopregel en zijn "
        "overgeslagen (regel {lines}).",
        "en": "{n} line(s) of {path} have a different number of fields than the header and were "
        "skipped (line {lines}).",
    },
    "ep_too_many_bad_rows": {
        "nl": "{n} van de {total} regels van {path} hebben een ander aantal velden dan de kopregel "
        "(de eerste: regel {lines}); dit lijkt geen goed gevormde EP-Online-export.",
        "en": "{n} of the {total} lines of {path} have a different number of fields than the "
        "header (the first: line {lines}); this does not look like a well-formed EP-Online export.",
    },
    # (end of tables and numbers)
    # --- statline and plausibility ---
    "areas_plural_buurt": {"nl": "buurten", "en": "neighbourhoods"},
    "areas_plural_wijk": {"nl": "wijken", "en": "districts"},
    "areas_plural_gemeente": {"nl": "gemeenten", "en": "municipalities"},
    "areas_plural_other": {"nl": "gebieden", "en": "areas"},
    "implausible_woz_zero": {
        "nl": "{indicator}: {n} {areas} hebben een gemiddelde WOZ-waarde van 0 (bijvoorbeeld "
        "{example}). Een woning is nooit 0 euro waard; waarschijnlijk is de waarde niet "
        "gepubliceerd (minder dan 20 woningen). Controleer het bestand.",
        "en": "{indicator}: {n} {areas} have an average WOZ value of 0 (for example {example}). "
        "A dwelling is never worth 0 euros; probably the value was not published (fewer than "
        "20 dwellings). Check the file.",
    },
    "implausible_tenure_sum": {
        "nl": "Koop + huur + eigendom onbekend: in {n} {areas} ligt de som meer dan {tolerance} "
        "procentpunt van 100 af (bijvoorbeeld {example}). Deze drie aandelen horen samen 100 % "
        "te zijn; controleer of de kolommen goed zijn toegewezen.",
        "en": "Owner-occupied + rented + ownership unknown: in {n} {areas} the sum is more than "
        "{tolerance} points away from 100 (for example {example}). These three shares should add "
        "up to 100 %; check that the columns are mapped correctly.",
    },
    "implausible_people_no_dwellings": {
        "nl": "{indicator}: {n} {areas} hebben inwoners maar 0 woningen (bijvoorbeeld {example} "
        "inwoners). "
        "Dat kan (bijvoorbeeld een instelling), maar controleer het: cijfers per woning zijn "
        "daar niet te berekenen.",
        "en": "{indicator}: {n} {areas} have inhabitants but 0 dwellings (for example {example} "
        "inhabitants). "
        "That can happen (an institution, for example), but check it: figures per dwelling "
        "cannot be computed there.",
    },
    # --- eponline and bag ---
    "ep_resolved_by_address": {
        "nl": "{n} label(s) met alleen een adres zijn via postcode en huisnummer aan hun "
        "BAG-verblijfsobject gekoppeld voordat dubbele labels werden verwijderd.",
        "en": "{n} label(s) with only an address were linked to their BAG verblijfsobject by "
        "postcode and house number before duplicate labels were removed.",
    },
    "ep_placement": {
        "nl": "{placed} van de {kept} woninglabels in een buurt geplaatst. Niet geplaatst: "
        "{not_in_bag} met een BAG-id of adres dat niet in het BAG-bestand staat, "
        "{no_coordinates} zonder coördinaten, {outside} buiten alle buurten, {no_bag_file} "
        "met alleen een BAG-id terwijl geen BAG-bestand is opgegeven.",
        "en": "{placed} of the {kept} dwelling labels placed in a buurt. Not placed: "
        "{not_in_bag} with a BAG id or address not in the BAG file, {no_coordinates} without "
        "coordinates, {outside} outside every buurt, {no_bag_file} with only a BAG id while no "
        "BAG file was given.",
    },
    "ep_bad_ids": {
        "nl": "{n} label(s) hebben een BAG-verblijfsobject-id dat geen id van 16 cijfers is; "
        "daar is het adres gebruikt.",
        "en": "{n} label(s) have a BAG verblijfsobject id that is not a 16-digit id; their "
        "address was used instead.",
    },
    "bag_bad_ids": {
        "nl": "{path}: {n} regel(s) hebben een identificatie die geen BAG-id van 16 cijfers is; "
        "die zijn niet gebruikt.",
        "en": "{path}: {n} row(s) have an identificatie that is not a 16-digit BAG id; they "
        "were not used.",
    },
    "bag_not_points": {
        "nl": "{path} bevat geen adrespunten maar {kinds}; kies een BAG-bestand met punten "
        "(verblijfsobjecten).",
        "en": "{path} holds {kinds}, not address points; choose a BAG file with points "
        "(verblijfsobjecten).",
    },
    "bag_outside_nl": {
        "nl": "De coördinaten in {path} liggen grotendeels buiten Nederland ({n} punten); "
        "verwacht worden RD x/y (EPSG:28992) of WGS84 lengte- en breedtegraad.",
        "en": "Most coordinates in {path} lie outside the Netherlands ({n} points); expected "
        "are RD x/y (EPSG:28992) or WGS84 longitude and latitude.",
    },
    "bag_points_outside_nl": {
        "nl": "{path}: {n} punt(en) liggen buiten Nederland en zijn zonder coördinaten gelaten.",
        "en": "{path}: {n} point(s) lie outside the Netherlands and were left without coordinates.",
    },
    "ep_progress_reading": {
        "nl": "EP-Online-export {path} lezen…",
        "en": "Reading EP-Online export {path}…",
    },
    "ep_progress_bag": {"nl": "BAG-bestand {path} lezen…", "en": "Reading BAG file {path}…"},
    "ep_progress_newest": {
        "nl": "Nieuwste label per woning bepalen…",
        "en": "Finding the newest label per dwelling…",
    },
    "ep_progress_locating": {
        "nl": "Adressen in buurten plaatsen…",
        "en": "Placing addresses in buurten…",
    },
    "ep_progress_counting": {
        "nl": "Labels per buurt tellen…",
        "en": "Counting labels per buurt…",
    },
    "ep_progress_done": {
        "nl": "Klaar: {n} labels in buurten geplaatst.",
        "en": "Done: {n} labels placed in buurten.",
    },
    # (end of eponline and bag)
    # --- rasters and rendering ------------
    "raster_infinite_cells": {
        "nl": "{path}: {n} rastercel(len) bevatten een oneindige waarde (inf); die zijn niet "
        "meegeteld.",
        "en": "{path}: {n} raster cell(s) hold an infinite value (inf); they were not counted.",
    },
    "export_dpi_out_of_range": {
        "nl": "De resolutie {dpi} dpi kan niet: kies een geheel getal van {low} tot en met {high} "
        "dpi (300 dpi is gebruikelijk voor drukwerk).",
        "en": "A resolution of {dpi} dpi is not possible: choose a whole number from {low} to "
        "{high} dpi (300 dpi is usual for print).",
    },
    "export_too_many_pixels": {
        "nl": "Een PNG van {paper} op {dpi} dpi wordt {megapixels} megapixel; dat is meer dan de "
        "{limit} megapixel die wijkkaart veilig kan maken. Kies hoogstens {best} dpi, een kleiner "
        "papierformaat, of PDF (scherp op elk formaat).",
        "en": "A PNG of {paper} at {dpi} dpi would be {megapixels} megapixels, more than the "
        "{limit} megapixels wijkkaart can safely make. Choose at most {best} dpi, a smaller paper "
        "size, or PDF (sharp at any size).",
    },
    "export_image_failed": {
        "nl": "Er is te weinig geheugen voor een afbeelding van {width} × {height} pixels. Kies "
        "een lagere resolutie of een kleiner papierformaat.",
        "en": "There is not enough memory for an image of {width} × {height} pixels. Choose a "
        "lower resolution or a smaller paper size.",
    },
    "export_no_extent": {
        "nl": "Er is geen geldig kaartbeeld om af te drukken (de uitsnede heeft geen eindige "
        "grenzen). Zoom in op de gebieden en probeer het opnieuw.",
        "en": "There is no valid map view to print (the extent has no finite bounds). Zoom to "
        "the areas and try again.",
    },
    # (end of rasters and rendering)
    # --- zonal ---
    "zonal_empty_area": {
        "nl": "Het getekende gebied is leeg: teken een vlak om de waarden uit het raster te "
        "berekenen.",
        "en": "The drawn area is empty: draw a polygon to compute the values from the raster.",
    },
    # (end of zonal)
    # --- points ---
    "points_no_coordinates": {
        "nl": "In {path} staan geen kolommen met coördinaten. wijkkaart zocht naar x/y in RD New "
        "({rd}) of naar lengte- en breedtegraad ({wgs}). Kolommen in het bestand: {columns}.",
        "en": "{path} has no coordinate columns. wijkkaart looked for x/y in RD New ({rd}) or for "
        "longitude and latitude ({wgs}). Columns in the file: {columns}.",
    },
    "points_outside_nl": {
        "nl": "De punten in {path} liggen niet in Nederland (gelezen als {crs} uit {columns}). "
        "Controleer of de kolommen de juiste coördinaten bevatten en welk stelsel ze gebruiken.",
        "en": "The points in {path} do not lie in the Netherlands (read as {crs} from {columns}). "
        "Check that the columns hold the right coordinates and which system they use.",
    },
    "points_are_polygons": {
        "nl": "{path} bevat vlakken ({kinds}), geen punten. Voeg het bestand toe als gebieden "
        "(buurten, wijken of focusgebieden), niet als puntenlaag.",
        "en": "{path} contains polygons ({kinds}), not points. Add the file as areas (buurten, "
        "wijken or focus areas), not as a point layer.",
    },
    "points_not_points": {
        "nl": "{path} bevat {kinds} en geen punten; een puntenlaag heeft punten nodig.",
        "en": "{path} contains {kinds} and no points; a point layer needs points.",
    },
    "points_none_valid": {
        "nl": "{path} bevat geen enkel punt met geldige coördinaten ({n} rij(en) gelezen).",
        "en": "{path} contains no point with valid coordinates ({n} row(s) read).",
    },
    "points_rows_skipped": {
        "nl": "{n} rij(en) zonder geldige coördinaten zijn overgeslagen (rij {rows}).",
        "en": "{n} row(s) without valid coordinates were skipped (row {rows}).",
    },
    "points_outside_skipped": {
        "nl": "{n} punt(en) liggen buiten Nederland en zijn overgeslagen (rij {rows}).",
        "en": "{n} point(s) lie outside the Netherlands and were skipped (row {rows}).",
    },
    "points_crs_guessed": {
        "nl": "De kolommen {columns} zeggen niet in welk stelsel ze staan; de waarden zijn "
        "duidelijk {crs}.",
        "en": "The columns {columns} do not say which system they use; the values are plainly "
        "{crs}.",
    },
    "points_swapped": {
        "nl": "In {path} lijken lengte- en breedtegraad verwisseld ({columns}); wijkkaart heeft ze "
        "omgedraaid.",
        "en": "In {path} longitude and latitude look swapped ({columns}); wijkkaart swapped them "
        "back.",
    },
    "points_exploded": {
        "nl": "{n} multipunt(en) zijn in losse punten gesplitst.",
        "en": "{n} multipoint(s) were split into single points.",
    },
    "points_count": {"nl": "{n} punten", "en": "{n} points"},
    # (end of points)
    # --- project file and paths ------------
    "path_unusable": {
        "nl": "Het pad {path} kan niet worden gebruikt (te lang, ongeldige tekens of geen "
        "toegang).",
        "en": "The path {path} cannot be used (too long, invalid characters or no access).",
    },
    "path_is_folder": {
        "nl": "{path} is een map, geen bestand.",
        "en": "{path} is a folder, not a file.",
    },
    "path_not_regular": {
        "nl": "{path} is geen gewoon bestand (maar bijvoorbeeld een apparaat of pijp) en wordt "
        "niet gelezen.",
        "en": "{path} is not a regular file (but, for example, a device or a pipe) and is not "
        "read.",
    },
    "path_outside_project": {
        "nl": "Het project verwijst naar een bestand buiten de projectmap: {field} = {target}. "
        "wijkkaart leest zo'n bestand alleen als u dat toestaat: in de app na een vraag, op de "
        "opdrachtregel met --allow-outside.",
        "en": "The project refers to a file outside the project folder: {field} = {target}. "
        "wijkkaart reads such a file only if you allow it: in the app after a question, on the "
        "command line with --allow-outside.",
    },
    "outside_question": {
        "nl": "Dit project gebruikt bestanden buiten de projectmap:\n\n{files}\n\nAlleen "
        "openen als u het project vertrouwt. Toch openen?",
        "en": "This project uses files outside the project folder:\n\n{files}\n\nOnly open it "
        "if you trust the project. Open anyway?",
    },
    "project_not_object": {
        "nl": "Het projectbestand {path} bevat geen project: verwacht een JSON-object met "
        "onder meer 'schema_version' en 'areas'.",
        "en": "The project file {path} contains no project: expected a JSON object with, among "
        "others, 'schema_version' and 'areas'.",
    },
    "project_bad_version": {
        "nl": "Het projectbestand {path} heeft geen geldige schemaversie: schema_version moet "
        "een geheel getal vanaf 1 zijn.",
        "en": "The project file {path} has no valid schema version: schema_version must be a "
        "whole number from 1.",
    },
    "project_too_deep": {
        "nl": "Het projectbestand {path} is te diep genest (meer dan {limit} niveaus) en wordt "
        "niet gelezen.",
        "en": "The project file {path} is nested too deeply (more than {limit} levels) and is "
        "not read.",
    },
    "project_too_large": {
        "nl": "Het projectbestand {path} is te groot ({size} MB; een project is ten hoogste "
        "{limit} MB).",
        "en": "The project file {path} is too large ({size} MB; a project is at most {limit} MB).",
    },
    "project_bad_number": {
        "nl": "Het projectbestand {path} bevat een getal dat wijkkaart niet kan gebruiken "
        "({value}); NaN, Infinity en extreem grote getallen zijn niet toegestaan.",
        "en": "The project file {path} contains a number wijkkaart cannot use ({value}); NaN, "
        "Infinity and extremely large numbers are not allowed.",
    },
    "project_invalid": {
        "nl": "Het projectbestand {path} klopt niet: {problems}.",
        "en": "The project file {path} is not valid: {problems}.",
    },
    "project_bad_geometry": {
        "nl": "Het projectbestand {path} klopt niet: {field} is geen leesbaar vlak (WKT-polygoon "
        "in RD New).",
        "en": "The project file {path} is not valid: {field} is not a readable area (WKT polygon "
        "in RD New).",
    },
    "schema_required": {"nl": "{field} ontbreekt", "en": "{field} is missing"},
    "schema_type": {"nl": "{field} moet {expected} zijn", "en": "{field} must be {expected}"},
    "schema_or": {"nl": "of", "en": "or"},
    "schema_type_integer": {"nl": "een geheel getal", "en": "a whole number"},
    "schema_type_number": {"nl": "een getal", "en": "a number"},
    "schema_type_string": {"nl": "een tekst", "en": "a text"},
    "schema_type_boolean": {"nl": "true of false", "en": "true or false"},
    "schema_type_array": {"nl": "een lijst", "en": "a list"},
    "schema_type_object": {"nl": "een object", "en": "an object"},
    "schema_type_null": {"nl": "leeg (null)", "en": "empty (null)"},
    "schema_enum": {
        "nl": "{field} moet een van deze waarden zijn: {options}",
        "en": "{field} must be one of: {options}",
    },
    "schema_minimum": {
        "nl": "{field} moet minstens {limit} zijn",
        "en": "{field} must be at least {limit}",
    },
    "schema_maximum": {
        "nl": "{field} mag hoogstens {limit} zijn",
        "en": "{field} must be at most {limit}",
    },
    "schema_empty": {"nl": "{field} mag niet leeg zijn", "en": "{field} must not be empty"},
    "schema_too_long": {
        "nl": "{field} is te lang (hoogstens {limit})",
        "en": "{field} is too long (at most {limit})",
    },
    "schema_pattern": {
        "nl": "{field} heeft niet de juiste vorm",
        "en": "{field} has the wrong form",
    },
    "schema_unknown": {"nl": "{field} is onbekend", "en": "{field} is unknown"},
    "schema_other": {"nl": "{field} is ongeldig", "en": "{field} is not valid"},
    "schema_more": {"nl": "(en nog {n} andere fouten)", "en": "(and {n} more errors)"},
    "project_not_saved": {
        "nl": "Het project is niet opgeslagen.",
        "en": "The project was not saved.",
    },
    # (end of project file and paths)
    # --- own gemeente ui ---
    "new_project": {"nl": "&Nieuw project…", "en": "&New project…"},
    "new_project_title": {"nl": "Nieuw project", "en": "New project"},
    "new_project_file": {
        "nl": "CBS-bestand met buurten of wijken:",
        "en": "CBS file of buurten or wijken:",
    },
    "new_project_choose": {"nl": "Kiezen…", "en": "Choose…"},
    "new_project_hint": {
        "nl": "Kies een CBS-buurt- of wijkbestand (GeoPackage, GeoJSON, shapefile of tabel) van "
        "elk jaar; het mag het hele land of een provincie bevatten.",
        "en": "Choose a CBS buurt or wijk file (GeoPackage, GeoJSON, shapefile or table) of any "
        "year; it may hold the whole country or a province.",
    },
    "new_project_gemeenten": {
        "nl": "Gemeente(n) — kies één of meer:",
        "en": "Municipality(s) — choose one or more:",
    },
    "new_project_filter": {"nl": "Zoek op naam of code…", "en": "Search by name or code…"},
    "new_project_gemeente_item": {
        "nl": "{name} ({code}) — {n} buurten",
        "en": "{name} ({code}) — {n} buurten",
    },
    "new_project_gemeente_code_item": {
        "nl": "{code} — {n} buurten",
        "en": "{code} — {n} buurten",
    },
    "new_project_chosen": {"nl": "{n} van {total} gekozen", "en": "{n} of {total} chosen"},
    "new_project_none_chosen": {
        "nl": "Kies ten minste één gemeente.",
        "en": "Choose at least one municipality.",
    },
    "new_project_recognised": {
        "nl": "Herkend: {count} {level} ({vintage}) van {gemeenten}.",
        "en": "Recognised: {count} {level} ({vintage}) of {gemeenten}.",
    },
    "new_project_count_buurt": {"nl": "buurten", "en": "neighbourhoods"},
    "new_project_count_wijk": {"nl": "wijken", "en": "districts"},
    "new_project_count_gemeente": {"nl": "gemeenten", "en": "municipalities"},
    "new_project_vintage_unknown": {"nl": "jaar onbekend", "en": "year unknown"},
    "new_project_indicators": {
        "nl": "Indicatoren met gegevens ({n}): {names}",
        "en": "Indicators with data ({n}): {names}",
    },
    "new_project_no_indicators": {
        "nl": "Geen indicatoren met gegevens; voeg een tabel toe via Gegevens toevoegen.",
        "en": "No indicators with data; add a table via Add data.",
    },
    "new_project_warnings": {"nl": "Let op:", "en": "Note:"},
    "new_project_no_codes": {
        "nl": "In {path} staat geen kolom met CBS-codes (BU…, WK… of GM…), dus het kan geen "
        "project worden. U kunt het wel als gewone laag aan het huidige project toevoegen.",
        "en": "{path} has no column of CBS codes (BU…, WK… or GM…), so it cannot become a "
        "project. You can add it as a plain layer to the current project.",
    },
    "new_project_as_layer": {"nl": "Als laag toevoegen", "en": "Add as layer"},
    "new_project_loading": {"nl": "Project wordt gemaakt…", "en": "Making the project…"},
    "file_filter_data": {
        "nl": "CBS-gegevens (*.gpkg *.geojson *.json *.shp *.csv *.txt *.xlsx);;Alle bestanden (*)",
        "en": "CBS data (*.gpkg *.geojson *.json *.shp *.csv *.txt *.xlsx);;All files (*)",
    },
    "add_data": {"nl": "&Gegevens toevoegen…", "en": "&Add data…"},
    "add_data_title": {"nl": "Gegevens toevoegen", "en": "Add data"},
    "add_data_role": {"nl": "Soort gegevens:", "en": "Kind of data:"},
    "add_data_file": {"nl": "Bestand:", "en": "File:"},
    "add_data_bag": {"nl": "BAG-bestand (optioneel):", "en": "BAG file (optional):"},
    "add_data_source": {"nl": "Bron (komt op de kaart):", "en": "Source (shown on the map):"},
    "add_data_illustrative": {
        "nl": "Dit zijn voorbeeldgegevens (illustratief, niet echt)",
        "en": "These are illustrative data (not real)",
    },
    "role_table": {"nl": "Indicatorentabel (CSV/Excel)", "en": "Indicator table (CSV/Excel)"},
    "role_eponline": {"nl": "Energielabels (EP-Online)", "en": "Energy labels (EP-Online)"},
    "role_heat_plan": {"nl": "Warmteplan (TVW)", "en": "Heat plan (TVW)"},
    "role_raster": {"nl": "Risicokaart (raster)", "en": "Risk map (raster)"},
    "role_points": {"nl": "Puntenlaag", "en": "Point layer"},
    "role_wijken": {"nl": "Wijkgrenzen", "en": "Wijk boundaries"},
    "add_data_no_file": {"nl": "Kies eerst een bestand.", "en": "Choose a file first."},
    "add_data_replace": {
        "nl": "Dit project heeft al {role}. Vervangen door {path}?",
        "en": "This project already has {role}. Replace it with {path}?",
    },
    "add_data_done": {"nl": "{role} toegevoegd uit {name}.", "en": "{role} added from {name}."},
    "add_data_counts": {"nl": "{what}: {n}", "en": "{what}: {n}"},
    "search": {"nl": "&Zoeken…", "en": "&Find…"},
    "search_placeholder": {
        "nl": "Zoek buurt, wijk of gemeente (naam of code)",
        "en": "Find buurt, wijk or municipality (name or code)",
    },
    "search_none": {"nl": "Niets gevonden voor ‘{text}’.", "en": "Nothing found for ‘{text}’."},
    "search_found": {"nl": "{level} {name} ({code})", "en": "{level} {name} ({code})"},
    "zoom_wijk": {"nl": "Zoom naar &wijk", "en": "Zoom to &wijk"},
    "zoom_gemeente": {"nl": "Zoom naar &gemeente", "en": "Zoom to &municipality"},
    "attribute_table": {"nl": "&Attributentabel", "en": "&Attribute table"},
    "attribute_table_title": {"nl": "Attributentabel — {name}", "en": "Attribute table — {name}"},
    "attribute_only_selection": {"nl": "alleen selectie", "en": "selection only"},
    "attribute_export": {"nl": "Exporteren als CSV…", "en": "Export as CSV…"},
    "attribute_count": {"nl": "{shown} van {total} rijen", "en": "{shown} of {total} rows"},
    "attribute_code": {"nl": "code", "en": "code"},
    "attribute_yes": {"nl": "ja", "en": "yes"},
    "attribute_no": {"nl": "nee", "en": "no"},
    "attribute_exported": {"nl": "Opgeslagen: {path}", "en": "Saved: {path}"},
    "recent_projects": {"nl": "&Recente projecten", "en": "&Recent projects"},
    "recent_missing": {"nl": "{path} (niet gevonden)", "en": "{path} (not found)"},
    "recent_none": {"nl": "(geen)", "en": "(none)"},
    "data_moved_question": {
        "nl": "Waar staat nu {path} ({field})? Kies het bestand; het project onthoudt de "
        "nieuwe plek.",
        "en": "Where is {path} ({field}) now? Choose the file; the project remembers the "
        "new place.",
    },
    "untitled": {"nl": "naamloos", "en": "untitled"},
    # (end of own gemeente ui)
    # --- outputs and cli ------------
    "output_is_input": {
        "nl": "Naar {path} wordt niet geschreven: dat bestand is invoer van dit project of van "
        "deze opdracht en wordt nooit overschreven. Kies een nieuwe bestandsnaam.",
        "en": "Not writing to {path}: that file is an input of this project or of this command "
        "and is never overwritten. Choose a new file name.",
    },
    "output_folder_missing": {
        "nl": "De map {path} bestaat niet. Kies een bestaande map om in op te slaan.",
        "en": "The folder {path} does not exist. Choose an existing folder to save in.",
    },
    "output_not_a_file": {
        "nl": "{path} is geen gewoon bestand (bijvoorbeeld een map of apparaat); er wordt niet "
        "naar geschreven.",
        "en": "{path} is not a regular file (for example a folder or device); not writing to it.",
    },
    "output_disk_full": {
        "nl": "{path} kon niet worden opgeslagen: de schijf is vol. Het vorige bestand is "
        "onveranderd gebleven. Maak ruimte vrij of kies een andere plek.",
        "en": "{path} could not be saved: the disk is full. The previous file is unchanged. "
        "Free some space or choose another place.",
    },
    "output_not_writable": {
        "nl": "{path} kon niet worden opgeslagen: u mag niet schrijven in deze map (alleen-lezen "
        "of geen rechten). Het vorige bestand is onveranderd gebleven.",
        "en": "{path} could not be saved: this folder cannot be written to (read-only or no "
        "permission). The previous file is unchanged.",
    },
    "output_failed": {
        "nl": "{path} kon niet worden opgeslagen door een fout van het systeem. Het vorige bestand "
        "is onveranderd gebleven; de details staan in het logbestand.",
        "en": "{path} could not be saved because of a system error. The previous file is "
        "unchanged; the details are in the log file.",
    },
    "output_incomplete": {
        "nl": "Het bestand {path} is onvolledig geschreven en is daarom niet bewaard; een eerder "
        "bestand met deze naam is onveranderd gebleven.",
        "en": "The file {path} was written incompletely and was therefore not kept; an earlier "
        "file of this name is unchanged.",
    },
    "rules_too_many": {
        "nl": "Het regelbestand heeft meer dan {limit} regels. Zoveel types zijn op een kaart niet "
        "uit elkaar te houden; houd het bij minder regels.",
        "en": "The rules file has more than {limit} rules. That many types cannot be told apart "
        "on a map; keep to fewer rules.",
    },
    "rules_file_too_large": {
        "nl": "{path} is te groot voor een regelbestand (meer dan {limit} kB). Kies het bestand "
        "met de typologieregels, één regel per type.",
        "en": "{path} is too large for a rules file (more than {limit} kB). Choose the file with "
        "the typology rules, one line per type.",
    },
    "layer_choice_needed": {
        "nl": "{path} heeft meerdere lagen en geen ervan bevat buurten (een kolom met buurtcodes): "
        "{layers}. Kies de laag die u wilt gebruiken (op de opdrachtregel met --layer NAAM).",
        "en": "{path} has several layers and none of them holds buurten (a column of buurt "
        "codes): {layers}. Choose the layer to use (on the command line with --layer NAME).",
    },
    "typology_no_data": {
        "nl": "{n} buurt(en) krijgen geen type omdat gegevens voor de regels ontbreken (geen "
        "gegevens): {codes}.",
        "en": "{n} buurt(en) get no type because data for the rules is missing (no data): {codes}.",
    },
    "regions_fewer": {
        "nl": "Gevraagd: {k} aaneengesloten gebieden van minstens {minimum} inwoners. Dat kan "
        "niet met deze buurten: het hoogst haalbare is {achieved} gebieden (max-p); het kleinste "
        "heeft {smallest} inwoners.",
        "en": "Asked: {k} contiguous regions of at least {minimum} inhabitants. These buurten "
        "do not allow that: at most {achieved} regions can be made (max-p); the smallest has "
        "{smallest} inhabitants.",
    },
    "regions_met": {
        "nl": "{k} aaneengesloten gebieden van elk minstens {minimum} inwoners (max-p); het "
        "kleinste heeft {smallest} inwoners.",
        "en": "{k} contiguous regions of at least {minimum} inhabitants each (max-p); the "
        "smallest has {smallest} inhabitants.",
    },
    "regions_minimum_unreachable": {
        "nl": "Er wonen in deze buurten samen {total} mensen, minder dan het gevraagde "
        "minimum van {minimum} inwoners per gebied. Kies een lager minimum.",
        "en": "These buurten have {total} inhabitants in all, fewer than the asked minimum of "
        "{minimum} per region. Choose a lower minimum.",
    },
    "analysis_source": {"nl": "wijkkaart-analyse: {name}", "en": "wijkkaart analysis: {name}"},
    "analysis_typology": {"nl": "buurttypen", "en": "buurt types"},
    "analysis_stacking": {"nl": "stapeling", "en": "stacking"},
    "analysis_ranking": {"nl": "startbuurten", "en": "start buurten"},
    "on_illustrative": {
        "nl": "berekend op voorbeeldgegevens",
        "en": "computed on illustrative data",
    },
    "typology_illustrative": {
        "nl": "Let op: voorbeeldgegevens. Deze typologie rust op illustratieve gegevens "
        "(gemarkeerd met *): {indicators}.",
        "en": "Note: illustrative data. This typology rests on illustrative data (marked *): "
        "{indicators}.",
    },
    "unsaved_question": {
        "nl": "Het project '{name}' heeft wijzigingen die nog niet zijn opgeslagen.",
        "en": "The project '{name}' has changes that have not been saved.",
    },
    "unsaved_save": {"nl": "Opslaan", "en": "Save"},
    "unsaved_discard": {"nl": "Niet opslaan", "en": "Don't save"},
    "unsaved_cancel": {"nl": "Annuleren", "en": "Cancel"},
    "recovery_found": {
        "nl": "wijkkaart is de vorige keer niet netjes afgesloten. Er is niet-opgeslagen werk aan "
        "'{project}' bewaard van {when}. Wilt u dat terugzetten?",
        "en": "wijkkaart did not close normally last time. Unsaved work on '{project}' from "
        "{when} was kept. Do you want to restore it?",
    },
    "recovery_restore": {"nl": "Terugzetten", "en": "Restore"},
    "recovery_discard": {"nl": "Weggooien", "en": "Discard"},
    "unexpected_error": {
        "nl": "Er ging iets mis in wijkkaart. Uw werk is niet verloren; sla het project zo nodig "
        "op onder een nieuwe naam.",
        "en": "Something went wrong in wijkkaart. Your work is not lost; save the project under a "
        "new name if needed.",
    },
    "unexpected_error_log": {
        "nl": "De details staan in het logbestand: {path}",
        "en": "The details are in the log file: {path}",
    },
    "render_failed": {
        "nl": "De kaart kon niet worden getekend: {reason}",
        "en": "The map could not be drawn: {reason}",
    },
    "error_title_file": {
        "nl": "Dit bestand kan niet worden gebruikt.",
        "en": "This file cannot be used.",
    },
    "error_title_general": {"nl": "Dat lukte niet.", "en": "That did not work."},
    "join_would_overwrite": {
        "nl": "Deze tabel zou {n} bestaande waarde(n) veranderen in: {columns}. Kies of de tabel "
        "die waarden vervangt, of de bestaande waarden houdt, of alleen ontbrekende aanvult (op "
        "de opdrachtregel: --existing replace, keep of fill).",
        "en": "This table would change {n} existing value(s) in: {columns}. Choose whether the "
        "table replaces them, keeps the existing values, or only fills what is missing.",
    },
    "join_changed": {
        "nl": "{n} bestaande waarde(n) veranderd door deze tabel, in: {columns}.",
        "en": "{n} existing value(s) changed by this table, in: {columns}.",
    },
    "join_replace": {"nl": "Vervangen", "en": "Replace"},
    "join_keep": {"nl": "Bestaande houden", "en": "Keep existing"},
    "join_fill": {"nl": "Alleen aanvullen", "en": "Only fill gaps"},
    "numbers_question": {
        "nl": "Hoe zijn de getallen in kolom '{column}' geschreven?",
        "en": "How are the numbers in column '{column}' written?",
    },
    "numbers_dutch": {
        "nl": "Nederlands: 1.855 is duizend achthonderdvijfenvijftig, 2,5 is twee en een half",
        "en": "Dutch: 1.855 is one thousand eight hundred fifty-five, 2,5 is two and a half",
    },
    "numbers_english": {
        "nl": "Engels: 1.855 is één komma acht vijf vijf",
        "en": "English: 1.855 is one point eight five five",
    },
    "rules_need_data": {
        "nl": "De regels gebruiken gegevens die dit project niet heeft: {names}. Voeg een tabel "
        "met deze gegevens toe (Bestand → Gegevens toevoegen, of 'wijkkaart add --table'), of "
        "maak een typologie door clustering op indicatoren die er wel zijn.",
        "en": "The rules use data this project does not have: {names}. Add a table with these "
        "data (File → Add data, or 'wijkkaart add --table'), or make a typology by clustering "
        "on indicators that are there.",
    },
    "rules_no_buurt_has_data": {
        "nl": "Geen enkele buurt heeft de gegevens die de regels nodig hebben ({names}): {why}. "
        "Kies andere regels of voeg de gegevens toe.",
        "en": "No buurt has the data the rules need ({names}): {why}. Choose other rules or add "
        "the data.",
    },
    "implausible_cell": {
        "nl": "Let op: deze waarde kan niet kloppen (bijvoorbeeld WOZ 0, of koop, huur en "
        "onbekend samen ver van 100 %). Zo staat hij in het bestand.",
        "en": "Note: this value cannot be right (for example WOZ 0, or owned, rented and unknown "
        "together far from 100 %). This is how the file has it.",
    },
    "print_implausible": {
        "nl": "Let op: {n} buurt(en) met een onwaarschijnlijke waarde voor {indicator} "
        "(bijvoorbeeld {code}); zo staan ze in de bron.",
        "en": "Note: {n} buurt(en) with an implausible value for {indicator} (for example "
        "{code}); this is how the source has them.",
    },
    "count_matched": {"nl": "buurten gekoppeld", "en": "buurten joined"},
    "count_unmatched_rows": {"nl": "rijen zonder buurt", "en": "rows without a buurt"},
    "count_areas_without_row": {"nl": "buurten zonder rij", "en": "buurten without a row"},
    "count_buurten_with_plan": {"nl": "buurten met een warmteplan", "en": "buurten with a plan"},
    "count_buurten_with_values": {"nl": "buurten met waarden", "en": "buurten with values"},
    "count_points": {"nl": "punten", "en": "points"},
    "count_in_areas": {"nl": "punten in de buurten", "en": "points inside the buurten"},
    "count_wijken": {"nl": "wijken", "en": "wijken"},
    "count_placed": {"nl": "labels in een buurt geplaatst", "en": "labels placed in a buurt"},
    "count_not_placed": {"nl": "labels niet geplaatst", "en": "labels not placed"},
    "add_data_busy": {"nl": "Gegevens lezen…", "en": "Reading data…"},
    "cancelled": {"nl": "Afgebroken; er is niets veranderd.", "en": "Cancelled; nothing changed."},
    # (end of outputs and cli)
    # --- own gemeente ---
    "gemeente_not_in_file": {
        "nl": "Gemeente {codes} staat niet in {path}. Gemeenten in dit bestand zijn onder meer: "
        "{available}.",
        "en": "Gemeente {codes} is not in {path}. Gemeenten in this file include: {available}.",
    },
    "new_needs_map": {
        "nl": "{path} is een tabel zonder kaart. Begin een project met een kaartbestand van "
        "buurten (GeoPackage, GeoJSON of shapefile) en voeg deze tabel daarna toe.",
        "en": "{path} is a table without a map. Start a project from a map file of buurten "
        "(GeoPackage, GeoJSON or shapefile) and add this table afterwards.",
    },
    "new_bad_level": {
        "nl": "Niveau '{level}' bestaat niet; kies uit {levels}.",
        "en": "Level '{level}' does not exist; choose from {levels}.",
    },
    "project_needs_name": {
        "nl": "Dit project is nog niet opgeslagen: kies een naam en een map om het op te slaan.",
        "en": "This project has not been saved yet: choose a name and a folder to save it.",
    },
    "data_moved": {
        "nl": "Het bestand {path} ({field}) is niet gevonden. Is het verplaatst of hernoemd? "
        "Wijs aan waar het nu staat.",
        "en": "The file {path} ({field}) was not found. Was it moved or renamed? Point to where "
        "it is now.",
    },
    "relocate_unknown_field": {
        "nl": "Het project heeft geen bestand '{field}'. Bestanden in dit project: {fields}.",
        "en": "The project has no file '{field}'. Files in this project: {fields}.",
    },
    "role_unknown": {
        "nl": "Onbekende soort gegevens '{role}'; kies uit {roles}.",
        "en": "Unknown kind of data '{role}'; choose from {roles}.",
    },
    "role_exists": {
        "nl": "{path} is al toegevoegd als {role}. Vervang het (--replace) of kies een ander "
        "bestand.",
        "en": "{path} has already been added as {role}. Replace it (--replace) or choose another "
        "file.",
    },
    "ep_nothing_placed": {
        "nl": "Geen enkel energielabel uit {path} valt in de buurten van dit project: {kept} van "
        "{total} regels gelezen, 0 geplaatst (BAG-bestand: {bag}). Hoort het bestand bij deze "
        "gemeente, en past het BAG-bestand erbij?",
        "en": "Not one energy label from {path} falls in this project's buurten: {kept} of "
        "{total} rows read, 0 placed (BAG file: {bag}). Does the file belong to this gemeente, "
        "and does the BAG file match it?",
    },
    "ep_placed": {
        "nl": "{placed} van {kept} energielabels in de buurten geplaatst; {not_placed} niet.",
        "en": "{placed} of {kept} energy labels placed in the buurten; {not_placed} not.",
    },
    "raster_outside_areas": {
        "nl": "Het raster {path} ligt helemaal buiten de buurten van dit project "
        "(raster: {raster}; buurten: {areas}, in RD New). Kies een raster van dit gebied.",
        "en": "The raster {path} lies wholly outside this project's buurten (raster: {raster}; "
        "buurten: {areas}, in RD New). Choose a raster of this area.",
    },
    "points_outside_areas": {
        "nl": "Geen van de {n} punten in {path} ligt in de buurten van dit project. Hoort het "
        "bestand bij deze gemeente?",
        "en": "None of the {n} points in {path} lies in this project's buurten. Does the file "
        "belong to this gemeente?",
    },
    "points_placed": {
        "nl": "{inside} van {n} punten liggen in de buurten van dit project.",
        "en": "{inside} of {n} points lie in this project's buurten.",
    },
    "table_joined": {
        "nl": "{matched} buurten kregen gegevens uit de tabel; {unmatched} codes uit de tabel "
        "vonden geen buurt.",
        "en": "{matched} buurten got figures from the table; {unmatched} codes in the table "
        "matched no buurt.",
    },
    "role_added": {
        "nl": "{role} toegevoegd: {path}",
        "en": "{role} added: {path}",
    },
    "new_outside_note": {
        "nl": "De gegevens staan buiten de map van het project. wijkkaart onthoudt (voor u als "
        "gebruiker) dat u ze voor dit project hebt gekozen; een ander die het project opent, "
        "krijgt de vraag of die bestanden gelezen mogen worden.",
        "en": "The data lie outside the project's folder. wijkkaart remembers (for you as a "
        "user) that you chose them for this project; anyone else opening it is asked whether "
        "those files may be read.",
    },
    "new_written": {
        "nl": "Project geschreven: {path} ({count} {level}en, gemeenten: {gemeenten})",
        "en": "Project written: {path} ({count} areas of level {level}, gemeenten: {gemeenten})",
    },
    "add_needs_one": {
        "nl": "Geef precies één bestand om toe te voegen (--table, --eponline, --heatplan, "
        "--raster, --points of --wijken).",
        "en": "Give exactly one file to add (--table, --eponline, --heatplan, --raster, --points "
        "or --wijken).",
    },
    "add_needs_project": {
        "nl": "{path} is geen project (.wijkkaart). Maak eerst een project met 'wijkkaart new'.",
        "en": "{path} is not a project (.wijkkaart). Make a project first with 'wijkkaart new'.",
    },
    "bag_only_with_eponline": {
        "nl": "--bag hoort bij --eponline: het BAG-bestand plaatst de energielabels in buurten.",
        "en": "--bag belongs with --eponline: the BAG file places the energy labels in buurten.",
    },
    "points_layer_unavailable": {
        "nl": "De puntenlaag '{name}' kan deze versie van wijkkaart nog niet tekenen.",
        "en": "This version of wijkkaart cannot draw the points layer '{name}' yet.",
    },
    "outline_areas": {"nl": "Gebiedsgrenzen", "en": "Area boundaries"},
    "outline_wijk": {"nl": "Wijkgrenzen", "en": "Wijk boundaries"},
    "outline_gemeente": {"nl": "Gemeentegrenzen", "en": "Gemeente boundaries"},
    "source_cbs_areas": {
        "nl": "CBS Wijk- en buurtkaart{year}, {name}",
        "en": "CBS Wijk- en buurtkaart{year}, {name}",
    },
    "role_source_table": {"nl": "Tabel, {name}", "en": "Table, {name}"},
    "role_source_eponline": {"nl": "EP-Online (RVO), {name}", "en": "EP-Online (RVO), {name}"},
    "role_source_heat_plan": {"nl": "Warmteplan, {name}", "en": "Heat plan, {name}"},
    "role_source_raster": {"nl": "Raster, {name}", "en": "Raster, {name}"},
    "role_source_points": {"nl": "Punten, {name}", "en": "Points, {name}"},
    "role_source_wijken": {"nl": "Wijkgrenzen, {name}", "en": "Wijk boundaries, {name}"},
    "project_out_suffix": {
        "nl": "Een project wordt opgeslagen als .wijkkaart-bestand, niet als {path}.",
        "en": "A project is saved as a .wijkkaart file, not as {path}.",
    },
    # (end of own gemeente)
}


MISSING_REASONS: dict[str, dict[str, str]] = {
    "secret": {"nl": "geheim of niet aanwezig", "en": "confidential or not present"},
    "later": {"nl": "wordt later gepubliceerd", "en": "published in a later version"},
    "discontinued": {"nl": "wordt niet meer gepubliceerd", "en": "no longer published"},
    "unknown": {
        "nl": "onbekend, onvoldoende betrouwbaar of geheim",
        "en": "unknown, not reliable enough or confidential",
    },
    "empty": {"nl": "leeg in het bestand", "en": "empty in the file"},
    "not_numeric": {"nl": "geen getal", "en": "not a number"},
    "no_row": {"nl": "geen rij in de tabel", "en": "no row in the table"},
    "no_weight": {
        "nl": "niet op te tellen: de weging ontbreekt in de gegevens",
        "en": "cannot be aggregated: its weight is missing from the data",
    },
    "undefined": {
        "nl": "niet te berekenen (deling door nul)",
        "en": "cannot be computed (division by zero)",
    },
    "no_data": {"nl": "geen gegevens", "en": "no data"},
}

LEVELS: dict[str, dict[str, str]] = {
    "gemeente": {"nl": "gemeente", "en": "municipality"},
    "wijk": {"nl": "wijk", "en": "district"},
    "buurt": {"nl": "buurt", "en": "neighbourhood"},
}


def language() -> str:
    """The current UI language code ('nl' or 'en')."""
    return _LANGUAGE


def set_language(code: str) -> None:
    """Switch the language of all messages; unknown codes fall back to Dutch."""
    global _LANGUAGE
    _LANGUAGE = code if code in ("nl", "en") else "nl"


def tr(key: str, **values: object) -> str:
    """The message ``key`` in the current language, with ``values`` filled in."""
    entry = MESSAGES.get(key) or UI[key]
    template = entry.get(_LANGUAGE) or entry["nl"]
    return template.format(**values)


def ui(key: str, **values: object) -> str:
    """A user-interface text in the current language."""
    entry = UI.get(key) or MESSAGES[key]
    template = entry.get(_LANGUAGE) or entry["nl"]
    return template.format(**values) if values else template


def reason_text(reason: str) -> str:
    """Human text for a missing-value reason key."""
    entry = MISSING_REASONS.get(reason, MISSING_REASONS["no_data"])
    return entry.get(_LANGUAGE) or entry["nl"]


class WijkkaartError(Exception):
    """An input problem the user can fix; ``str()`` gives the message in the current language."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        if "detail" in values:  # a library's own words: for the log, not for the user
            logging.getLogger("wijkkaart").info("%s: %s", key, values["detail"])
        super().__init__(tr(key, **values))

    def __str__(self) -> str:
        return tr(self.key, **self.values)


def short_list(items: list[str] | tuple[str, ...], limit: int = 5) -> str:
    """'a, b, c en 4 meer' style listing for messages."""
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items)
    more = len(items) - limit
    suffix = f" en {more} meer" if _LANGUAGE == "nl" else f" and {more} more"
    return ", ".join(items[:limit]) + suffix
