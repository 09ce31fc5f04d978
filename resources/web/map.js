/* wijkkaart interactive map.
 *
 * Everything shown comes from ONE JSON blob (#wijkkaart-data). Names and figures come from
 * project and data files, so they are inserted only as text: document.createElement +
 * textContent, never innerHTML or markup strings. Leaflet receives DOM nodes for tooltips, and
 * the layer switcher and legend are built here (L.control.layers would insert labels as HTML).
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("wijkkaart-data").textContent);
  var text = data.text;

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  function escapeHtml(value) {
    // Only for Leaflet's attribution control, which takes HTML: our fixed tile credit.
    var div = document.createElement("div");
    div.textContent = String(value);
    return div.innerHTML;
  }

  function areaTooltip(spec, props) {
    var box = el("div", "wk-tip");
    var table = el("table");
    function row(label, value) {
      var tr = el("tr");
      tr.appendChild(el("th", "", label));
      tr.appendChild(el("td", "", value));
      table.appendChild(tr);
    }
    row(text.buurt, props.name);
    spec.fields.forEach(function (label, i) {
      row(label, props.values[i]);
    });
    box.appendChild(table);
    return box;
  }

  function textTooltip(title, description) {
    var box = el("div", "wk-tip");
    box.appendChild(el("div", description ? "wk-tip-title" : "", title));
    if (description) box.appendChild(el("div", "wk-tip-text", description));
    return box;
  }

  function areaLayer(spec) {
    var group = L.geoJSON(spec.features, {
      style: function (feature) {
        var props = feature.properties;
        return {
          fillColor: props.colour,
          fillOpacity: spec.fillOpacity,
          color: "#ffffff",
          weight: 0.6,
          dashArray: props.missing ? "3" : null,
        };
      },
      onEachFeature: function (feature, layer) {
        // Above the pointer and clear of it, so the buurt being described stays visible.
        layer.bindTooltip(function () {
          return areaTooltip(spec, feature.properties);
        }, { sticky: true, direction: "top", offset: [0, -18], opacity: 0.95 });
        layer.on("mouseover", function () {
          layer.setStyle({ weight: 2.5, color: "#e6007e" });
        });
        layer.on("mouseout", function () {
          group.resetStyle(layer);
        });
      },
    });
    return group;
  }

  function outlineLayer(spec) {
    return L.geoJSON(spec.features, {
      style: function () {
        return { fill: false, color: spec.colour, weight: spec.width };
      },
      onEachFeature: function (feature, layer) {
        var props = feature.properties;
        if (props.label !== null && props.label !== undefined) {
          layer.bindTooltip(function () {
            return textTooltip(props.label, props.description);
          }, { sticky: true });
        }
      },
    });
  }

  function pointLayer(spec) {
    // Circle markers; their tooltip is a DOM node with the label as text. Many points go on
    // one canvas (thousands of SVG elements would make the page slow).
    var group = L.featureGroup();
    var renderer = spec.points.length > 5000 ? L.canvas({ padding: 0.2 }) : undefined;
    spec.points.forEach(function (latlng, i) {
      var marker = L.circleMarker(latlng, {
        renderer: renderer,
        radius: spec.radius,
        color: "#ffffff",
        weight: 1.2,
        fillColor: spec.colour,
        fillOpacity: spec.opacity,
        opacity: spec.opacity,
      });
      var label = spec.labels[i];
      if (label) {
        marker.bindTooltip(function () {
          return textTooltip(label);
        });
      }
      group.addLayer(marker);
    });
    return group;
  }

  function labelLayer(spec) {
    // Buurt names as text nodes in divIcons (never markup), shown from LABEL_ZOOM on.
    var group = L.layerGroup();
    spec.labels.forEach(function (item) {
      var node = el("span", "wk-label", item[2]);
      group.addLayer(
        L.marker([item[0], item[1]], {
          icon: L.divIcon({ html: node, className: "wk-label-icon", iconSize: null }),
          interactive: false,
          keyboard: false,
        })
      );
    });
    return group;
  }

  function makeLayer(spec) {
    if (spec.kind === "areas") return areaLayer(spec);
    if (spec.kind === "points") return pointLayer(spec);
    return outlineLayer(spec);
  }

  var map = L.map("wijkkaart-map", { zoomSnap: 0.25 });
  map.fitBounds(data.bounds);
  L.control.scale({ imperial: false, metric: true }).addTo(map); // metres and km only
  // Labels appear one and a half zoom steps closer than the whole gemeente (at least 13).
  var LABEL_ZOOM = Math.max(map.getZoom() + 1.5, 13);

  var Title = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function () {
      var box = el("div", "leaflet-control wk-panel wk-title");
      box.id = "wijkkaart-title";
      box.appendChild(el("h1", "", data.title));
      if (data.subtitle) box.appendChild(el("div", "wk-subtitle", data.subtitle));
      return box;
    },
  });
  new Title().addTo(map);

  var entries = [];
  if (data.tiles) {
    entries.push({
      name: data.tiles.name,
      layer: L.tileLayer(data.tiles.url, {
        attribution: escapeHtml(data.tiles.attribution),
        maxZoom: 19,
      }),
      visible: true,
    });
  }
  data.layers.forEach(function (spec) {
    entries.push({
      name: spec.name,
      layer: makeLayer(spec),
      visible: spec.visible,
    });
  });

  function restack() {
    // Keep the drawing order of the project when a layer is switched back on.
    entries.forEach(function (entry) {
      if (map.hasLayer(entry.layer) && entry.layer.bringToFront) entry.layer.bringToFront();
    });
  }

  entries.forEach(function (entry) {
    if (entry.visible) entry.layer.addTo(map);
  });
  restack();

  var labels = [];
  data.layers.forEach(function (spec, i) {
    if (spec.kind === "areas" && spec.labels && spec.labels.length) {
      labels.push({ layer: labelLayer(spec), owner: entries[i + (data.tiles ? 1 : 0)].layer });
    }
  });
  function showLabels() {
    labels.forEach(function (item) {
      var wanted = map.getZoom() >= LABEL_ZOOM && map.hasLayer(item.owner);
      if (wanted && !map.hasLayer(item.layer)) item.layer.addTo(map);
      if (!wanted && map.hasLayer(item.layer)) map.removeLayer(item.layer);
    });
  }
  map.on("zoomend overlayadd overlayremove", showLabels);
  showLabels();

  var LayerSwitcher = L.Control.extend({
    options: { position: "topright" },
    onAdd: function () {
      var box = el("div", "leaflet-control wk-panel wk-layers");
      box.id = "wijkkaart-layers";
      box.appendChild(el("div", "wk-layers-title", text.layers));
      entries.forEach(function (entry) {
        var label = el("label");
        var input = el("input");
        input.type = "checkbox";
        input.checked = map.hasLayer(entry.layer);
        input.addEventListener("change", function () {
          if (input.checked) {
            entry.layer.addTo(map);
            restack();
          } else {
            map.removeLayer(entry.layer);
          }
          showLabels();
        });
        label.appendChild(input);
        label.appendChild(el("span", "", entry.name));
        box.appendChild(label);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },
  });

  var Legend = L.Control.extend({
    options: { position: "bottomright" },
    onAdd: function () {
      var legend = data.legend;
      var box = el("div", "leaflet-control wk-panel wk-legend");
      box.id = "wijkkaart-legend";
      legend.blocks.forEach(function (block, i) {
        if (i > 0) box.appendChild(el("hr"));
        box.appendChild(el("div", "wk-legend-title", block.title));
        block.entries.forEach(function (entry) {
          var row = el("div", "wk-legend-row");
          var swatch = el("span", entry.hatched ? "wk-swatch wk-hatched" : "wk-swatch");
          swatch.style.backgroundColor = entry.colour;
          if (block.symbol) {
            swatch.style.width = "12px"; // a symbol, not a class swatch: as wide as high
            swatch.style.marginLeft = swatch.style.marginRight = "3px";
          }
          if (block.symbol === "line") {
            swatch.className = "wk-swatch wk-line";
            swatch.style.backgroundColor = "transparent";
            swatch.style.borderBottomColor = entry.colour;
          }
          if (block.symbol === "circle") swatch.style.borderRadius = "50%";
          if (block.symbol === "triangle") {
            swatch.style.clipPath = "polygon(50% 0, 100% 100%, 0 100%)";
          }
          row.appendChild(swatch);
          row.appendChild(el("span", "", entry.label));
          box.appendChild(row);
        });
        if (block.source) box.appendChild(el("div", "wk-block-source", block.source));
        if (block.note) box.appendChild(el("div", "wk-note", block.note));
      });
      box.appendChild(el("div", "wk-sources", legend.sources));
      if (legend.warning) box.appendChild(el("div", "wk-warning", legend.warning));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },
  });

  new LayerSwitcher().addTo(map);
  new Legend().addTo(map);
  window.wijkkaart = { map: map, layers: entries, labels: labels, labelZoom: LABEL_ZOOM };
})();
