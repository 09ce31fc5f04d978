"""PyInstaller hook for rasterio: its GDAL/PROJ data files and the Cython modules it imports lazily.

``rasterio.rio`` (the ``rio`` command line, click plugins) is not used by wijkkaart and stays out.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules(
    "rasterio", filter=lambda name: not name.startswith("rasterio.rio") and ".tests" not in name
)
datas = collect_data_files("rasterio", excludes=["rio", "rio/**"])
