"""PyInstaller hook for pyogrio: its GDAL/PROJ data files and the Cython modules it loads lazily."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("pyogrio", filter=lambda name: ".tests" not in name)
datas = collect_data_files("pyogrio", excludes=["tests", "tests/**"])
